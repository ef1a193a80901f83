"""The database goes away mid-import (its backend killed with pg_terminate_backend from another
connection): the error names the cause in one line, never the SQL or its parameters."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from budget_sync.config import parse_customers
from budget_sync.pipeline import SyncFailed, apply_customers_file, run_sync
from budget_sync.store.db import LOCK_NAMESPACE, ready_engine
from budget_sync_tests.damaged_sync.conftest import budget_tables
from budget_sync_tests.db_state import database_state
from budget_sync_tests.pipeline.conftest import sync_rows


def _kill_the_import_waiting_for_its_lock(url: str) -> None:
    """Hold the customer's import lock, wait until the sync's backend waits for it, terminate that one."""
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as holder, admin.connect() as killer:
        holder.execute(sa.text("BEGIN"))
        holder.execute(sa.text("SELECT pg_advisory_xact_lock(:ns, hashtext('acme'))"), {"ns": LOCK_NAMESPACE})
        yield_ready.set()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            pids = (
                killer.execute(
                    sa.text(
                        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND wait_event = 'advisory' AND pid <> pg_backend_pid()"
                    )
                )
                .scalars()
                .all()
            )
            if pids:
                killer.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pids[0]})
                break
            time.sleep(0.05)
        holder.execute(sa.text("ROLLBACK"))
    admin.dispose()


yield_ready = threading.Event()


def test_connection_killed_during_the_import_gives_a_one_line_cause(pg_url, drops, home, monkeypatch):
    monkeypatch.setenv("BUDGET_SYNC_DATABASE_URL", pg_url)
    engine = ready_engine(pg_url)
    rows = [(f"Dept {n:03}", "Opex", "2025-12", f"{n}.00", "USD") for n in range(1, 200)]
    drops.write("acme", "a.csv", rows)
    source = {"type": "local", "path": str(drops.root / "acme"), "stable_seconds": 0}
    apply_customers_file(engine, parse_customers({"customers": [{"id": "acme", "source": source}]}))
    before = budget_tables(database_state(pg_url))
    yield_ready.clear()
    killer = threading.Thread(target=_kill_the_import_waiting_for_its_lock, args=(pg_url,))
    killer.start()
    yield_ready.wait(10)
    with pytest.raises(SyncFailed) as failed:
        run_sync(engine, "acme")
    killer.join()
    message = str(failed.value)
    assert "\n" not in message and len(message) < 600, message
    assert "SELECT" not in message and "hashtext" not in message and "Dept 001" not in message
    assert "terminating connection" in message or "server closed the connection" in message, message
    [*_, row] = sync_rows(engine, "acme")
    assert row["status"] == "failed" and row["error"] == message
    assert budget_tables(database_state(pg_url)) == before
