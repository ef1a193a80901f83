"""`budget-sync sources apply` as the Dagster shell sees it: a changed frequency moves the customer to the
other schedule; a removed customer is never synced again, while its budgets and history stay."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import sqlalchemy as sa

from budget_sync.defs.schedules import SCHEDULES
from budget_sync.defs.sensors.customers import customers_sensor
from budget_sync.defs.sensors.file_drops import FILE_DROP_SENSORS
from budget_sync.defs.sensors.follow_up import follow_up_failed_syncs
from budget_sync.defs.sensors.run_failure import sync_failure_alerts
from budget_sync_tests.defs.conftest import departments, write_budget

SCHEDULE = {s.name: s for s in SCHEDULES}
LOCAL_DROPS = {s.name: s for s in FILE_DROP_SENSORS}["local_file_drops"]


def apply(path: Path, customers: list[tuple[str, str]]) -> None:
    """Write a customers file of local-folder customers (id, frequency) and apply it with the CLI."""
    from budget_sync.cli import main

    lines = ["customers:"]
    for cid, frequency in customers:
        folder = path.parent / "drops" / cid
        lines += [
            f"  - id: {cid}",
            f"    name: {cid.title()} Corp",
            f'    source: {{type: local, path: "{folder}", pattern: "*.csv", stable_seconds: 0}}',
            f"    sync_frequency: {frequency}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["sources", "apply", str(path)]) == 0


def tick(name: str, at: datetime, instance, resources) -> list[str]:
    context = dg.build_schedule_context(instance=instance, scheduled_execution_time=at, resources=resources)
    requests = SCHEDULE[name].evaluate_tick(context).run_requests or []
    return sorted(
        c for r in requests for c in r.run_config["ops"]["sync_customers"]["config"]["customer_ids"]
    )


def counts(engine, table: str, customer_id: str) -> int:
    with engine.connect() as conn:
        query = sa.text(f"SELECT count(*) FROM {table} WHERE customer_id = :c")  # noqa: S608 - fixed names
        return conn.execute(query, {"c": customer_id}).scalar_one()


def test_applied_frequency_change_moves_the_customer_between_schedule_ticks(
    tmp_path, engine, instance, resources
):
    customers = tmp_path / "customers.yaml"
    at = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # a tick of hourly, every 4 and every 12 hours
    apply(customers, [("acme", "hourly"), ("globex", "hourly")])
    assert tick("sync_hourly", at, instance, resources) == ["acme", "globex"]

    apply(customers, [("acme", "every_12_hours"), ("globex", "hourly")])

    assert tick("sync_hourly", at, instance, resources) == ["globex"]
    assert tick("sync_every_12_hours", at, instance, resources) == ["acme"]
    assert tick("sync_every_4_hours", at, instance, resources) == []

    apply(customers, [("acme", "manual"), ("globex", "hourly")])

    for name in ("sync_every_4_hours", "sync_every_12_hours", "sync_daily"):
        assert "acme" not in tick(name, at, instance, resources)
    assert tick("sync_hourly", at, instance, resources) == ["globex"]


def poll_drops(instance, resources, cursor):
    result = LOCAL_DROPS(dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor))
    return [r.partition_key for r in result.run_requests], result.cursor


def test_removed_customer_stops_syncing_and_keeps_budgets_and_history(
    tmp_path, engine, instance, resources, sync, monkeypatch
):
    from budget_sync.store.notifications import list_notifications

    monkeypatch.setenv("BUDGET_SYNC_FOLLOW_UP_DELAY_SECONDS", "0")

    customers = tmp_path / "customers.yaml"
    apply(customers, [("acme", "hourly"), ("globex", "hourly")])
    write_budget(tmp_path / "drops" / "acme", "a.csv", departments(4))
    write_budget(tmp_path / "drops" / "globex", "g.csv", departments(2))
    assert sync("acme").success and sync("globex").success
    _, cursor = poll_drops(instance, resources, None)  # first sight of both drop folders

    apply(customers, [("globex", "hourly")])  # acme left the file: removed

    result = customers_sensor(dg.build_sensor_context(instance=instance, resources=resources))
    assert list(result.dynamic_partitions_requests[0].partition_keys) == ["acme"]
    assert tick("sync_hourly", datetime(2026, 1, 5, 12, 0, tzinfo=UTC), instance, resources) == ["globex"]
    write_budget(tmp_path / "drops" / "acme", "a2.csv", departments(5), mtime=4_000_000_000)
    write_budget(tmp_path / "drops" / "globex", "g2.csv", departments(2), mtime=4_000_000_000)
    seen, cursor = poll_drops(instance, resources, cursor)
    taken, _ = poll_drops(instance, resources, cursor)
    assert seen + taken == ["globex"]  # a complete new file starts a sync for globex only
    # A run of the removed partition (picked in the UI, or queued before the removal) syncs nothing...
    refused = sync("acme")
    assert not refused.success
    failure = refused.get_step_failure_events()[0].step_failure_data.user_failure_data
    assert "Customer 'acme' is not in budget_sources (or was removed)" in failure.description
    # ...writes no failed sync, alerts nobody and gets no follow-up...
    assert counts(engine, "budget_syncs", "acme") == 1
    run = instance.get_run_by_id(refused.run_id)
    alert_context = dg.build_run_status_sensor_context(
        sensor_name="sync_failure_alerts",
        dagster_event=refused.get_run_failure_event(),
        dagster_instance=instance,
        dagster_run=run,
        resources=resources,
    ).for_run_failure()
    sync_failure_alerts(alert_context)
    assert list_notifications(engine, "acme") == []
    follow_up = follow_up_failed_syncs(dg.build_sensor_context(instance=instance, resources=resources))
    assert [r.partition_key for r in follow_up.run_requests] == []
    # ...and its budgets and history stay.
    assert counts(engine, "budgets", "acme") == 4
    assert counts(engine, "budget_syncs", "acme") == 1
    assert counts(engine, "budgets", "globex") == 2
