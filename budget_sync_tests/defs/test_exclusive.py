"""Never two syncs of one customer at once, across single-customer runs and batch runs."""

from __future__ import annotations

import threading
import time

import dagster as dg

from budget_sync.defs.history import latest_metadata
from budget_sync.defs.jobs import sync_batch_job
from budget_sync_tests.defs.conftest import departments, local_customer, write_budget


def running_run(instance, job_name: str, *, customer_ids=None, partition=None) -> dg.DagsterRun:
    """A run recorded as in progress, as another process would have it."""
    config = {"ops": {"sync_customers": {"config": {"customer_ids": customer_ids}}}} if customer_ids else {}
    tags = {"dagster/partition": partition} if partition else {}
    run = dg.DagsterRun(job_name=job_name, run_config=config, tags=tags, status=dg.DagsterRunStatus.STARTED)
    return instance.add_run(run)


def syncs(engine, customer_id: str) -> list[dict]:
    from budget_sync.store.syncs import history

    return history(engine, customer_id)


def test_single_run_waits_for_a_batch_run_syncing_its_customer(
    tmp_path, engine, add_customers, sync, instance, monkeypatch
):
    monkeypatch.setattr("budget_sync.defs.exclusive.POLL_SECONDS", 0.2)
    write_budget(tmp_path / "acme", "a.csv", departments(2))
    add_customers(local_customer("acme", tmp_path / "acme"))
    batch = running_run(instance, "sync_batch", customer_ids=["globex", "acme"])
    threading.Timer(1.5, lambda: instance.report_run_failed(batch)).start()  # the batch ends
    started = time.monotonic()

    result = sync("acme")

    assert result.success and time.monotonic() - started >= 1.5
    assert [row["status"] for row in syncs(engine, "acme")] == ["success"]


def test_single_run_gives_up_without_syncing_when_the_batch_takes_too_long(
    tmp_path, engine, add_customers, sync, instance, monkeypatch
):
    monkeypatch.setenv("BUDGET_SYNC_BUSY_WAIT_SECONDS", "0.5")
    write_budget(tmp_path / "acme", "a.csv", departments(2))
    add_customers(local_customer("acme", tmp_path / "acme"))
    batch = running_run(instance, "sync_batch", customer_ids=["acme"])

    result = sync("acme")

    assert not result.success
    failure = result.get_step_failure_events()[0].step_failure_data.user_failure_data.description
    assert f"still being synced by batch run {batch.run_id}" in failure
    assert syncs(engine, "acme") == []  # nothing fetched, nothing written


def test_batch_skips_a_customer_another_run_is_syncing(tmp_path, engine, add_customers, instance, resources):
    for cid in ("acme", "globex", "initech"):
        write_budget(tmp_path / cid, "b.csv", departments(2))
        add_customers(local_customer(cid, tmp_path / cid))
    running_run(instance, "sync_customer", partition="acme")
    running_run(instance, "sync_batch", customer_ids=["initech"])  # an earlier batch run

    result = sync_batch_job.execute_in_process(
        run_config={"ops": {"sync_customers": {"config": {"customer_ids": ["acme", "globex", "initech"]}}}},
        instance=instance,
        resources=resources,
        tags={"budget_sync/trigger": "schedule"},
    )

    assert result.success
    assert syncs(engine, "acme") == [] and syncs(engine, "initech") == []
    assert latest_metadata(instance, "budget_table", "globex")["created"] == 2


def test_a_run_that_waited_for_a_batch_decides_from_the_row_the_batch_left(
    tmp_path, engine, add_customers, sync, instance, monkeypatch
):
    """The run reads the customer before waiting; the batch syncs it meanwhile, so that row is stale. The
    run reads it again after the wait: the source went back to the file of the earlier sync (a newer file
    the batch imported was withdrawn), which a stale checksum would call unchanged and skip, leaving the
    batch's budgets while the source says otherwise."""
    from decimal import Decimal

    from budget_sync.defs import exclusive
    from budget_sync.pipeline import run_sync
    from budget_sync_tests.defs.test_assets import budgets_of

    write_budget(tmp_path / "acme", "a.csv", departments(2), mtime=1_700_000_000)
    add_customers(local_customer("acme", tmp_path / "acme"))
    run_sync(engine, "acme")  # the earlier sync: a.csv
    batch = running_run(instance, "sync_batch", customer_ids=["acme"])
    real_in_progress, polls = exclusive.in_progress, []

    def in_progress(inst):
        records = real_in_progress(inst)
        if not polls:  # while the run waits, the batch imports a newer file, then it is withdrawn
            newer = write_budget(tmp_path / "acme", "b.csv", departments(2, amount="2000.00"))
            run_sync(engine, "acme", trigger="schedule")
            newer.unlink()
            inst.report_run_failed(batch)
        polls.append(len(records))
        return records

    monkeypatch.setattr(exclusive, "POLL_SECONDS", 0.1)
    monkeypatch.setattr(exclusive, "in_progress", in_progress)
    result = sync("acme")

    assert result.success and len(polls) >= 2  # it did wait
    assert [row["status"] for row in syncs(engine, "acme")] == ["success", "success", "success"]
    assert set(budgets_of(engine, "acme").values()) == {Decimal("1000.00")}
