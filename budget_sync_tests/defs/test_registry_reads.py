"""The Dagster sync step reads the customer's `budget_sources` row once too (issue 13): `load_customer`'s
read carries the sync state `run_sync` decides from, and a failure's card takes the last good sync's time
from the failure's own write. Counted on every engine (the resource builds its own)."""

from __future__ import annotations

import os

from budget_sync.store.customers import get_status
from budget_sync_tests.db_state import registry_statements
from budget_sync_tests.defs.conftest import departments, local_customer, write_budget


def test_a_sync_run_a_skipped_one_and_a_failed_one_each_read_the_row_once(
    tmp_path, engine, add_customers, sync
):
    drop = tmp_path / "drop"
    write_budget(drop, "a.csv", departments(3))
    add_customers(local_customer("acme", drop))
    with registry_statements() as imported:
        assert sync("acme").success
    assert (len(imported.reads), len(imported.synced_at_writes)) == (1, 1), imported
    good = get_status(engine, "acme")["last_synced_at"]

    with registry_statements() as skipped:
        assert sync("acme").success
    assert (len(skipped.reads), len(skipped.synced_at_writes)) == (1, 1), skipped
    synced = get_status(engine, "acme")["last_synced_at"]
    assert synced > good

    bad = drop / "b.csv"
    bad.write_text("just,some\nnumbers,1\n", encoding="utf-8")
    os.utime(bad, (4_000_000_000, 4_000_000_000))
    with registry_statements() as failed:
        result = sync("acme")
    assert not result.success
    assert (len(failed.reads), len(failed.synced_at_writes)) == (1, 0), failed
    [card] = [e for e in result.get_asset_check_evaluations() if e.check_name == "sync_succeeded"]
    assert not card.passed
    assert card.metadata["data_in_use"].value == f"the data synced {synced:%Y-%m-%d %H:%M} UTC"


def test_a_fetch_that_fails_reads_the_row_once_and_its_card_names_the_data_in_use(
    tmp_path, engine, add_customers, sync
):
    drop = tmp_path / "drop"
    write_budget(drop, "a.csv", departments(3))
    add_customers(local_customer("acme", drop))
    assert sync("acme").success
    synced = get_status(engine, "acme")["last_synced_at"]
    (drop / "a.csv").unlink()  # no file any more: the fetch fails (no archive folder)
    with registry_statements() as failed:
        result = sync("acme")
    assert not result.success
    assert (len(failed.reads), len(failed.synced_at_writes)) == (1, 0), failed
    assert get_status(engine, "acme")["last_status"] == "failed"
    [card] = [e for e in result.get_asset_check_evaluations() if e.check_name == "sync_succeeded"]
    assert card.metadata["data_in_use"].value == f"the data synced {synced:%Y-%m-%d %H:%M} UTC"


def test_a_batch_reads_each_customers_row_once(tmp_path, engine, add_customers, instance, resources):
    """Imported, unchanged and failing customers alike: one read each, when the prefetch loads them."""
    from budget_sync_tests.defs.test_batch import run_batch

    for cid, n in (("acme", 3), ("globex", 4)):
        write_budget(tmp_path / cid, "budget.csv", departments(n))
    add_customers(
        local_customer("acme", tmp_path / "acme"),
        local_customer("globex", tmp_path / "globex"),
        local_customer("initech", tmp_path / "initech-missing"),  # its fetch fails
    )
    ids = ["acme", "globex", "initech"]
    with registry_statements() as first:
        assert not run_batch(instance, resources, ids).success
    assert (len(first.reads), len(first.synced_at_writes)) == (3, 2), first
    with registry_statements() as again:
        assert not run_batch(instance, resources, ids).success  # acme and globex unchanged: skipped
    assert (len(again.reads), len(again.synced_at_writes)) == (3, 2), again
    assert get_status(engine, "initech")["last_status"] == "failed"
