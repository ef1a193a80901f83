"""A sync that failed for good gets exactly one follow-up attempt after the delay (15 minutes)."""

from __future__ import annotations

import dagster as dg
import pytest

from budget_sync.defs.sensors.follow_up import follow_up_failed_syncs
from budget_sync_tests.defs.conftest import departments, local_customer, write_budget


@pytest.fixture(autouse=True)
def no_delay(monkeypatch):
    monkeypatch.setenv("BUDGET_SYNC_FOLLOW_UP_DELAY_SECONDS", "0")


def tick(instance, resources, cursor=None):
    result = follow_up_failed_syncs(
        dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor)
    )
    return list(result.run_requests), result.cursor


def test_one_follow_up_per_failed_run(tmp_path, add_customers, sync, instance, resources):
    add_customers(local_customer("acme", tmp_path / "missing", "hourly"))
    failed = sync("acme")
    assert not failed.success

    requests, cursor = tick(instance, resources)

    assert [r.partition_key for r in requests] == ["acme"]
    assert requests[0].run_key == f"follow-up:{failed.run_id}:acme"
    assert requests[0].tags["budget_sync/follow_up_of"] == failed.run_id
    assert tick(instance, resources, cursor)[0] == []


def test_no_follow_up_of_a_follow_up_or_after_a_good_sync(tmp_path, add_customers, sync, instance, resources):
    drop = tmp_path / "drop"
    add_customers(local_customer("acme", drop, "hourly"))
    assert not sync("acme", tags={"budget_sync/follow_up_of": "earlier-run"}).success
    assert not sync("acme").success
    write_budget(drop, "budget.csv", departments(2))
    assert sync("acme").success

    assert tick(instance, resources)[0] == []


def test_no_follow_up_before_the_delay(tmp_path, add_customers, sync, instance, resources, monkeypatch):
    monkeypatch.setenv("BUDGET_SYNC_FOLLOW_UP_DELAY_SECONDS", "900")
    add_customers(local_customer("acme", tmp_path / "missing", "hourly"))
    assert not sync("acme").success

    assert tick(instance, resources)[0] == []
