"""The batch job of schedule ticks: each customer its own sync; failures listed for alerts and follow-ups."""

from __future__ import annotations

from budget_sync.defs.history import latest_metadata
from budget_sync.defs.jobs import sync_batch_job
from budget_sync.defs.sensors.failures import failed_customers
from budget_sync_tests.defs.conftest import departments, local_customer, write_budget


def run_batch(instance, resources, ids, tags=None):
    return sync_batch_job.execute_in_process(
        run_config={"ops": {"sync_customers": {"config": {"customer_ids": ids}}}},
        instance=instance,
        resources=resources,
        tags=tags or {"budget_sync/trigger": "schedule"},
        raise_on_error=False,
    )


def test_batch_syncs_each_customer_and_reports_partitions(
    tmp_path, engine, add_customers, instance, resources
):
    from budget_sync.store.syncs import history

    for cid, n in (("acme", 3), ("globex", 4)):
        write_budget(tmp_path / cid, "budget.csv", departments(n))
    add_customers(
        local_customer("acme", tmp_path / "acme"),
        local_customer("globex", tmp_path / "globex"),
        local_customer("initech", tmp_path / "initech-missing"),
    )

    result = run_batch(instance, resources, ["acme", "globex", "initech"])

    assert not result.success
    assert latest_metadata(instance, "budget_table", "acme")["created"] == 3
    assert latest_metadata(instance, "budget_table", "globex")["created"] == 4
    assert latest_metadata(instance, "budget_table", "initech") is None
    run = instance.get_run_by_id(result.run_id)
    failed = failed_customers(run, result.get_step_failure_events())
    assert list(failed) == ["initech"] and "does not exist" in failed["initech"]
    assert history(engine, "initech")[0]["status"] == "failed"
    assert history(engine, "acme")[0]["run_id"] == result.run_id

    again = run_batch(instance, resources, ["acme", "globex"])

    assert again.success
    assert latest_metadata(instance, "budget_table", "acme")["status"].startswith("unchanged since")


def test_batch_applies_the_mass_removal_guard(tmp_path, engine, add_customers, instance, resources):
    write_budget(tmp_path / "acme", "a.csv", departments(10))
    add_customers(local_customer("acme", tmp_path / "acme"))
    assert run_batch(instance, resources, ["acme"]).success
    write_budget(tmp_path / "acme", "b.csv", departments(2), mtime=4_000_000_000)

    blocked = run_batch(instance, resources, ["acme"])

    run = instance.get_run_by_id(blocked.run_id)
    assert "would remove 8 of 10 budgets" in failed_customers(run, blocked.get_step_failure_events())["acme"]
    allowed = run_batch(instance, resources, ["acme"], tags={"budget_sync/allow_mass_change": "true"})
    assert allowed.success and latest_metadata(instance, "budget_table", "acme")["removed"] == 8


def test_batch_job_is_the_job_every_schedule_runs():
    from budget_sync.definitions import defs

    job = defs.resolve_job_def("sync_batch")
    assert [node.name for node in job.nodes] == ["sync_customers"]
    schedules = [defs.resolve_schedule_def(s.name) for s in defs.schedules]
    assert schedules and {schedule.job_name for schedule in schedules} == {"sync_batch"}


def test_batch_materializations_carry_the_status_card(tmp_path, add_customers, instance, resources):
    write_budget(tmp_path / "acme", "budget.csv", departments(3))
    add_customers(local_customer("acme", tmp_path / "acme", "every_12_hours"))

    assert run_batch(instance, resources, ["acme"]).success

    summary = latest_metadata(instance, "budget_table", "acme")["summary"]
    assert "**3 budgets synced**" in summary and "- Sync frequency: Every 12 hours" in summary
