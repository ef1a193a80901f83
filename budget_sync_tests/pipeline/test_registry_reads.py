"""A sync reads the customer's `budget_sources` row once and writes `last_synced_at` once (issue 13).

Counted on the engine's cursor, SQLite and PostgreSQL, for a real `run_sync` of a local-folder customer:
every SELECT naming `budget_sources`, and every UPDATE of it whose SET moves `last_synced_at`.

The one read is `active_customer`'s, at the start: the settings the file is fetched and mapped with and
the status the sync decides from (the last imported checksum, the time of the last good sync) come from
that single row, so they are one consistent snapshot. Nothing needs re-reading inside the import
transaction: the mapping has already read the file with the loaded fiscal year and currency, so a value
re-read there (after a concurrent `sources apply`) could only make the importer disagree with the mapping,
not make the import correct; the budgets are replaced all or nothing under the per-customer lock either way.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from budget_sync.config import parse_customers
from budget_sync.pipeline import SyncFailed, apply_customers_file, run_sync
from budget_sync.pipeline.stages import fetch
from budget_sync.store.customers import get_status
from budget_sync_tests.db_state import registry_statements
from budget_sync_tests.pipeline.conftest import ROWS, budget_rows


def test_an_import_a_changed_file_and_an_unchanged_one_each_read_the_row_once(engine, drops, register):
    drops.write("acme", "budget.csv", ROWS)
    register("acme")
    with registry_statements(engine) as first:
        imported = run_sync(engine, "acme")
    assert imported.result.created == 5
    assert (len(first.reads), len(first.synced_at_writes)) == (1, 1), first
    assert imported.last_synced_at == get_status(engine, "acme")["last_synced_at"]

    drops.touch_later(drops.write("acme", "budget-v2.csv", [ROWS[0][:3] + ("1100.10", "USD"), *ROWS[1:]]))
    with registry_statements(engine) as changed:
        updated = run_sync(engine, "acme")
    assert (updated.result.updated, updated.result.unchanged) == (1, 4)
    assert (len(changed.reads), len(changed.synced_at_writes)) == (1, 1), changed
    assert updated.last_synced_at == get_status(engine, "acme")["last_synced_at"] > imported.last_synced_at

    with registry_statements(engine) as again:
        skipped = run_sync(engine, "acme")
    assert skipped.skipped  # the checksum it compared with came from the one read
    assert (len(again.reads), len(again.synced_at_writes)) == (1, 1), again
    assert skipped.last_synced_at == get_status(engine, "acme")["last_synced_at"] > updated.last_synced_at


def test_a_failed_sync_reads_the_row_once_and_reports_the_last_good_time(engine, drops, register):
    drops.write("acme", "budget.csv", ROWS)
    register("acme")
    good = run_sync(engine, "acme")
    before = budget_rows(engine)
    bad = drops.root / "acme" / "zz-broken.csv"
    bad.write_bytes(b"\x00\x01\x02 not a table \xff")
    drops.touch_later(bad)
    with registry_statements(engine) as seen, pytest.raises(SyncFailed) as info:
        run_sync(engine, "acme")
    assert (len(seen.reads), len(seen.synced_at_writes)) == (1, 0), seen
    assert budget_rows(engine) == before
    status = get_status(engine, "acme")
    assert status["last_status"] == "failed"
    assert info.value.outcome.last_synced_at == status["last_synced_at"] == good.last_synced_at


def test_a_dry_run_reads_the_row_once_and_writes_nothing(engine, drops, register):
    drops.write("acme", "budget.csv", ROWS)
    register("acme")
    good = run_sync(engine, "acme")
    drops.touch_later(drops.write("acme", "budget-v2.csv", ROWS[:2]))
    with registry_statements(engine) as seen:
        dry = run_sync(engine, "acme", dry_run=True)
    assert dry.result.removed == 3 and dry.dry_run
    assert (len(seen.reads), len(seen.synced_at_writes)) == (1, 0), seen
    assert dry.last_synced_at == get_status(engine, "acme")["last_synced_at"] == good.last_synced_at


def test_nothing_new_in_an_archiving_folder_reads_the_row_once(engine, drops):
    drops.write("acme", "budget.csv", ROWS)
    source = {"type": "local", "path": str(drops.root / "acme"), "stable_seconds": 0, "archive_dir": "done"}
    apply_customers_file(engine, parse_customers({"customers": [{"id": "acme", "source": source}]}))
    run_sync(engine, "acme")  # imports and archives the file
    with registry_statements(engine) as seen:
        nothing = run_sync(engine, "acme")
    assert nothing.skipped and nothing.raw is None
    assert (len(seen.reads), len(seen.synced_at_writes)) == (1, 1), seen
    assert nothing.last_synced_at == get_status(engine, "acme")["last_synced_at"]


def test_settings_given_by_the_caller_are_not_read_back_but_the_status_is(engine, drops, register):
    """`sources test --file` and other callers passing their own `customer` without the registry's status:
    the sync reads only what it lacks, the status (here for the unchanged check and the reported time)."""
    from dataclasses import replace

    from budget_sync.store.customers import get_active_customer

    drops.write("acme", "budget.csv", ROWS)
    register("acme")
    run_sync(engine, "acme")
    from_file = replace(get_active_customer(engine, "acme"), status=None)
    with registry_statements(engine) as seen:
        outcome = run_sync(engine, "acme", customer=from_file, fetcher=fetch)
    assert outcome.skipped  # the checksum was read since the caller's settings carry none
    assert len(seen.reads) == 1 and len(seen.synced_at_writes) == 1, seen
    assert outcome.last_synced_at == get_status(engine, "acme")["last_synced_at"]


def test_settings_changed_during_a_sync_are_applied_by_the_next_one(engine, drops, register):
    """Why the checksum comes from the row the settings came from: `sources apply` changing the fiscal
    year while a sync fetches clears the checksum. This sync, mapping with the settings it loaded, finds
    its file unchanged by its own snapshot and skips, so the cleared checksum stays cleared and the next
    sync imports the file under the new settings; a checksum re-read after the change would have let this
    sync import with the old settings and store the checksum, and every later sync would then skip."""
    drops.write("acme", "budget.csv", ROWS)
    register("acme")
    run_sync(engine, "acme")
    before = period_starts(engine)

    def fetch_while_the_settings_change(customer):
        register("acme", fiscal_year_start_month=4)
        return fetch(customer)

    during = run_sync(engine, "acme", fetcher=fetch_while_the_settings_change)
    assert during.skipped and period_starts(engine) == before
    after = run_sync(engine, "acme")
    assert not after.skipped and after.result.updated == 5  # same amounts, every period moved
    assert period_starts(engine) != before
    assert run_sync(engine, "acme").skipped


def period_starts(engine) -> list[tuple]:
    from budget_sync.store.schema import budgets

    query = sa.select(budgets.c.fiscal_period, budgets.c.period_start).order_by(budgets.c.fiscal_period)
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query.distinct())]
