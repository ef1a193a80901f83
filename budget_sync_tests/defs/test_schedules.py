"""Schedule ticks request batch runs for exactly the customers whose frequency matches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import dagster as dg
import pytest

from budget_sync.defs.schedules import SCHEDULES
from budget_sync_tests.defs.conftest import local_customer

BY_NAME = {s.name: s for s in SCHEDULES}


def tick(name: str, at: datetime, instance, resources) -> list[dg.RunRequest]:
    context = dg.build_schedule_context(instance=instance, scheduled_execution_time=at, resources=resources)
    return list(BY_NAME[name].evaluate_tick(context).run_requests or [])


def customers_in(requests) -> list[str]:
    return sorted(
        c for r in requests for c in r.run_config["ops"]["sync_customers"]["config"]["customer_ids"]
    )


def test_each_schedule_syncs_exactly_its_frequency(tmp_path, add_customers, instance, resources):
    add_customers(
        local_customer("hourly-a", tmp_path, "hourly"),
        local_customer("hourly-b", tmp_path, "hourly"),
        local_customer("four", tmp_path, "every_4_hours"),
        local_customer("twelve", tmp_path, "every_12_hours"),
        local_customer("by-hand", tmp_path, "manual"),
        local_customer("daily-utc", tmp_path, "daily", timezone="UTC"),
        local_customer("daily-ny", tmp_path, "daily", timezone="America/New_York"),
    )
    two_utc = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)  # 21:00 the day before in New York

    assert customers_in(tick("sync_hourly", two_utc, instance, resources)) == ["hourly-a", "hourly-b"]
    assert customers_in(tick("sync_every_4_hours", two_utc, instance, resources)) == ["four"]
    assert customers_in(tick("sync_every_12_hours", two_utc, instance, resources)) == ["twelve"]
    assert customers_in(tick("sync_daily", two_utc, instance, resources)) == ["daily-utc"]
    two_new_york = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
    assert customers_in(tick("sync_daily", two_new_york, instance, resources)) == ["daily-ny"]
    three_utc = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
    assert tick("sync_daily", three_utc, instance, resources) == []


def test_ticks_batch_per_source_type_with_stable_run_keys(
    tmp_path, add_customers, instance, resources, monkeypatch
):
    monkeypatch.setenv("BUDGET_SYNC_BATCH_SIZE", "2")
    add_customers(*(local_customer(f"c{i}", tmp_path, "hourly") for i in range(5)))
    at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    first = tick("sync_hourly", at, instance, resources)
    again = tick("sync_hourly", at, instance, resources)

    assert [len(r.run_config["ops"]["sync_customers"]["config"]["customer_ids"]) for r in first] == [2, 2, 1]
    assert [r.run_key for r in first] == [r.run_key for r in again]
    assert len({r.run_key for r in first}) == 3
    assert all(r.tags["budget_sync/source_type"] == "local" for r in first)


def test_frequency_change_moves_the_customer(tmp_path, add_customers, instance, resources):
    add_customers(local_customer("acme", tmp_path, "hourly"))
    at = datetime(2026, 1, 5, 4, 0, tzinfo=UTC)
    assert customers_in(tick("sync_hourly", at, instance, resources)) == ["acme"]

    add_customers(local_customer("acme", tmp_path, "every_4_hours"))

    assert tick("sync_hourly", at, instance, resources) == []
    assert customers_in(tick("sync_every_4_hours", at, instance, resources)) == ["acme"]


@pytest.mark.parametrize(
    ("timezone", "day"),
    [
        ("America/New_York", datetime(2026, 3, 8, tzinfo=UTC)),  # spring forward: 02:00 never happens
        ("America/New_York", datetime(2026, 11, 1, tzinfo=UTC)),  # fall back: 01:00-02:00 happens twice
        ("Asia/Kolkata", datetime(2026, 6, 1, tzinfo=UTC)),  # +05:30: no tick falls on 02:00 exactly
        ("Australia/Lord_Howe", datetime(2026, 4, 5, tzinfo=UTC)),  # half-hour DST change
        ("Pacific/Chatham", datetime(2026, 9, 27, tzinfo=UTC)),  # +12:45 / +13:45
    ],
)
def test_daily_customers_are_due_exactly_once_per_local_day(timezone, day):
    from zoneinfo import ZoneInfo

    from budget_sync.defs.schedules import crossed_local_hour

    tz = ZoneInfo(timezone)
    ticks = [day + timedelta(hours=h) for h in range(-24, 48)]
    due = [t for t in ticks if crossed_local_hour(tz, t, 2)]
    local_days = [t.astimezone(tz).date() for t in due]
    assert len(local_days) == len(set(local_days))  # never twice on one local day
    target = (day + timedelta(hours=12)).astimezone(tz).date()
    assert target in local_days  # and the day of interest is not skipped


def test_sync_daily_says_daily_at_two_in_customer_time_not_every_hour():
    from budget_sync.defs.schedules import SCHEDULES

    described = {s.name: s.description for s in SCHEDULES}

    assert described["sync_daily"].startswith("Daily at 02:00 in each customer's own timezone")
    assert described["sync_hourly"].startswith("Every hour")
    assert all(text for text in described.values())
