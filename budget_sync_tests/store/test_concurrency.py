"""Two processes syncing one customer at once are serialized (advisory lock on PostgreSQL, BEGIN IMMEDIATE
on SQLite); on PostgreSQL other customers are not blocked."""

import multiprocessing
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

import pytest
import sqlalchemy as sa

from budget_sync.store.db import LOCK_NAMESPACE
from budget_sync.store.importer import import_budgets

from .conftest import active_budgets, audit_actions, grid, make_engine

CUSTOMER_LOCK = "SELECT pg_advisory_xact_lock(:ns, hashtext(:c))"


def _sync_in_another_process(url: str, amount: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    try:
        result = import_budgets(engine, "acme", grid(10, 2, 10, amount=amount))
        return result.created, result.updated, result.unchanged
    finally:
        engine.dispose()


def _waiting_advisory_locks(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(
            sa.text("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        ).scalar_one()


@pytest.mark.postgres
def test_two_processes_syncing_one_customer_wait_for_each_other(pg_url, pg_engine):
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=spawn) as pool, pg_engine.connect() as holder:
        holder.begin()
        holder.execute(sa.text(CUSTOMER_LOCK), {"ns": LOCK_NAMESPACE, "c": "acme"})
        amounts = ("1.00", "2.00")
        futures = [pool.submit(_sync_in_another_process, pg_url, amount) for amount in amounts]
        deadline = time.monotonic() + 60
        while _waiting_advisory_locks(pg_engine) < 2:
            assert time.monotonic() < deadline, "the two syncs never queued on the customer lock"
            assert not any(f.done() for f in futures), [f.result() for f in futures if f.done()]
            time.sleep(0.05)
        holder.rollback()  # let them go: both now run, one after the other
        outcomes = sorted(f.result(timeout=120) for f in futures)
    assert outcomes == [(0, 200, 0), (200, 0, 0)]
    last = "2" if outcomes[0] == (0, 200, 0) and futures[1].result() == (0, 200, 0) else "1"
    assert {v for v in active_budgets(pg_engine).values()} == {
        (Decimal(last).quantize(Decimal("0.01")), "USD")
    }
    assert audit_actions(pg_engine) == ["SYNC_CREATE"] * 200 + ["SYNC_UPDATE"] * 200


@pytest.mark.postgres
def test_a_sync_of_another_customer_is_not_blocked(pg_engine):
    done = threading.Event()

    def other_customer():
        import_budgets(pg_engine, "globex", grid(2, 1, 2))
        done.set()

    with pg_engine.connect() as holder:
        holder.begin()
        holder.execute(sa.text(CUSTOMER_LOCK), {"ns": LOCK_NAMESPACE, "c": "acme"})
        worker = threading.Thread(target=other_customer, daemon=True)
        worker.start()
        assert done.wait(30), "a sync of globex waited for acme's lock"
        holder.rollback()
    assert len(active_budgets(pg_engine, "globex")) == 4


def test_two_processes_syncing_one_customer_on_sqlite_both_succeed_one_after_the_other(sqlite_url):
    make_engine(sqlite_url).dispose()
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=spawn) as pool:
        futures = [pool.submit(_sync_in_another_process, sqlite_url, amount) for amount in ("1.00", "2.00")]
        outcomes = sorted(f.result(timeout=120) for f in futures)
    assert outcomes == [(0, 200, 0), (200, 0, 0)]
    engine = make_engine(sqlite_url)
    assert audit_actions(engine) == ["SYNC_CREATE"] * 200 + ["SYNC_UPDATE"] * 200
    engine.dispose()
