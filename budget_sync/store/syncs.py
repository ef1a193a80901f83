"""The sync log (`budget_syncs`): one row per sync attempt, success, failure or skip."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from budget_sync.store.db import transaction
from budget_sync.store.schema import budget_syncs
from budget_sync.store.types import utcnow

STATUSES = ("success", "failed", "skipped", "running", "interrupted")
GOOD = ("success", "skipped")
RETRIED = ("failed", "interrupted")
COUNTS = ("total", "created", "updated", "unchanged", "removed", "restored", "rejected")


def record_sync(db: Engine | Connection, **fields: Any) -> str:
    """Insert or update (by `id`, the sync id) one sync row; returns its id.

    Accepts the `budget_syncs` columns; a `result=SyncResult` fills the counts. Unknown names raise.
    """
    result = fields.pop("result", None)
    if result is not None:
        fields.setdefault("id", result.sync_id)
        fields.setdefault("customer_id", result.customer_id)
        for name in COUNTS:
            fields.setdefault(name, getattr(result, name))
    unknown = set(fields) - set(budget_syncs.c.keys())
    if unknown:
        raise TypeError(f"record_sync: unknown field(s) {', '.join(sorted(unknown))}")
    if fields.get("status") not in STATUSES:
        raise ValueError(
            f"record_sync: status must be one of {', '.join(STATUSES)}, got {fields.get('status')!r}"
        )
    if "id" not in fields or "customer_id" not in fields:
        raise TypeError("record_sync: id (the sync id) and customer_id are required")
    fields.setdefault("started_at", utcnow())
    with transaction(db, write=True) as conn:
        exists = conn.execute(sa.select(budget_syncs.c.id).where(budget_syncs.c.id == fields["id"])).first()
        if exists:
            conn.execute(budget_syncs.update().where(budget_syncs.c.id == fields["id"]).values(**fields))
        else:
            conn.execute(budget_syncs.insert().values(**fields))
    return str(fields["id"])


def last_good_sync(db: Engine | Connection, customer_id: str) -> dict[str, Any] | None:
    """The newest `success` or `skipped` sync (a skip found the source unchanged: the data is current)."""
    query = (
        sa.select(budget_syncs)
        .where(budget_syncs.c.customer_id == customer_id, budget_syncs.c.status.in_(GOOD))
        .order_by(budget_syncs.c.started_at.desc())
        .limit(1)
    )
    with transaction(db) as conn:
        row = conn.execute(query).first()
    return dict(row._mapping) if row else None


def history(db: Engine | Connection, customer_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """The customer's most recent syncs, newest first. A failed or interrupted attempt's `retried_at` is
    when the customer's next attempt started (None while nothing has tried again)."""
    query = (
        sa.select(budget_syncs)
        .where(budget_syncs.c.customer_id == customer_id)
        .order_by(budget_syncs.c.started_at.desc(), budget_syncs.c.id)
        .limit(limit)
    )
    with transaction(db) as conn:
        rows = [dict(row._mapping) for row in conn.execute(query)]
    newer = None
    for row in rows:
        row["retried_at"] = newer["started_at"] if newer and row["status"] in RETRIED else None
        newer = row
    return rows


def get_sync(db: Engine | Connection, sync_id: str) -> dict[str, Any] | None:
    with transaction(db) as conn:
        row = conn.execute(sa.select(budget_syncs).where(budget_syncs.c.id == sync_id)).first()
    return dict(row._mapping) if row else None


def failing_since(db: Engine | Connection, customer_id: str, limit: int = 200) -> datetime | None:
    """When the customer's current run of failures began: the start of the oldest `failed` attempt after
    its newest good sync (None when the newest finished attempt is good, or there is none). Running and
    interrupted attempts neither start nor end a run of failures."""
    query = (
        sa.select(budget_syncs.c.status, budget_syncs.c.started_at)
        .where(budget_syncs.c.customer_id == customer_id, budget_syncs.c.status.in_((*GOOD, "failed")))
        .order_by(budget_syncs.c.started_at.desc())
        .limit(limit)
    )
    since = None
    with transaction(db) as conn:
        for status, started_at in conn.execute(query):
            if status in GOOD:
                break
            since = started_at
    return since
