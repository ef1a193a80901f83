"""Every sync attempt leaves a trace: a `running` budget_syncs row written when it starts, and attempts
whose process is gone (killed, crashed machine) marked `interrupted`.

An attempt names its process as ``host:pid``. On the same host a pid that no longer exists is gone; an
attempt of another host is taken as gone only after `STALE_AFTER` (no sync runs that long).
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from budget_sync.store.db import transaction
from budget_sync.store.schema import budget_sources, budget_syncs
from budget_sync.store.types import utcnow

STALE_AFTER = timedelta(hours=6)


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def begin_attempt(
    db: Engine | Connection,
    customer_id: str,
    sync_id: str,
    *,
    run_id: str | None = None,
    trigger: str | None = None,
    started_at: datetime | None = None,
) -> None:
    """Mark the customer's vanished attempts interrupted, then record this one as `running` (own commit)."""
    now = utcnow()
    with transaction(db, write=True) as conn:
        mark_interrupted(conn, customer_id)
        values = {
            "customer_id": customer_id,
            "run_id": run_id,
            "trigger": trigger,
            "started_at": started_at or now,
            "status": "running",
            "process": this_process(),
        }
        exists = conn.execute(sa.select(budget_syncs.c.id).where(budget_syncs.c.id == sync_id)).first()
        if exists:  # the same sync id again (a re-executed run): this attempt replaces it
            conn.execute(budget_syncs.update().where(budget_syncs.c.id == sync_id).values(**values))
        else:
            conn.execute(budget_syncs.insert().values(id=sync_id, **values))
        conn.execute(
            budget_sources.update()
            .where(budget_sources.c.customer_id == customer_id)
            .values(last_status="running", last_sync_id=sync_id, updated_at=now)
        )


def mark_interrupted(db: Engine | Connection, customer_id: str | None = None) -> list[str]:
    """Mark `running` attempts whose process is gone as `interrupted` (one customer, or all); returns their
    ids. The customer's `last_status` follows when that attempt was its latest."""
    query = sa.select(
        budget_syncs.c.id, budget_syncs.c.customer_id, budget_syncs.c.process, budget_syncs.c.started_at
    ).where(budget_syncs.c.status == "running")
    if customer_id is not None:
        query = query.where(budget_syncs.c.customer_id == customer_id)
    now = utcnow()
    with transaction(db, write=True) as conn:
        gone = [row for row in conn.execute(query) if _gone(row.process, row.started_at, now)]
        for row in gone:
            error = (
                f"sync of customer '{row.customer_id}' was interrupted: its process ({row.process or 'unknown'}) "
                "ended before the sync finished; nothing of it was written"
            )
            conn.execute(
                budget_syncs.update()
                .where(budget_syncs.c.id == row.id, budget_syncs.c.status == "running")
                .values(status="interrupted", finished_at=now, error=error)
            )
            conn.execute(
                budget_sources.update()
                .where(
                    budget_sources.c.customer_id == row.customer_id,
                    budget_sources.c.last_sync_id == row.id,
                    budget_sources.c.last_status == "running",
                )
                .values(last_status="interrupted", last_error=error, updated_at=now)
            )
    return [row.id for row in gone]


def _gone(process: str | None, started_at: datetime | None, now: datetime) -> bool:
    host, _, pid = (process or "").rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # exists, another user's
            return False
        return _zombie(int(pid))
    return started_at is not None and now - started_at > STALE_AFTER


def _zombie(pid: int) -> bool:
    """A killed child its parent has not reaped yet still answers kill(pid, 0)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False
