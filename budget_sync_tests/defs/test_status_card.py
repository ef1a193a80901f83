"""The budget_table summary reads like the product's status card: source, status, last synced, next
sync, frequency and the counts; the next sync is the schedule tick that really syncs the customer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from budget_sync.defs.assets.status_card import status_card
from budget_sync.defs.history import latest_metadata
from budget_sync.defs.ticks import next_sync_at
from budget_sync.models import SyncResult
from budget_sync_tests.defs.conftest import departments, local_customer, write_budget

NOW = datetime(2026, 2, 4, 10, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("frequency", "timezone", "expected"),
    [
        ("hourly", "UTC", datetime(2026, 2, 4, 11, 0, tzinfo=UTC)),
        ("every_4_hours", "UTC", datetime(2026, 2, 4, 12, 0, tzinfo=UTC)),
        ("every_12_hours", "UTC", datetime(2026, 2, 4, 12, 0, tzinfo=UTC)),
        ("daily", "UTC", datetime(2026, 2, 5, 2, 0, tzinfo=UTC)),
        ("daily", "America/New_York", datetime(2026, 2, 5, 7, 0, tzinfo=UTC)),  # 02:00 EST
        ("daily", "Asia/Kolkata", datetime(2026, 2, 4, 21, 0, tzinfo=UTC)),  # first tick after 02:00 IST
        ("manual", "UTC", None),
    ],
)
def test_next_sync_is_the_next_tick_that_syncs_the_customer(frequency, timezone, expected):
    assert next_sync_at(frequency, timezone, NOW) == expected


def test_next_sync_agrees_with_the_schedules():
    from budget_sync.defs.schedules import is_due

    for frequency in ("hourly", "every_4_hours", "every_12_hours", "daily"):
        customer = local_customer("acme", "/tmp", frequency, timezone="Australia/Adelaide")
        tick = next_sync_at(frequency, customer.timezone, NOW)
        assert is_due(customer, frequency, tick), frequency


def test_card_has_source_status_times_frequency_and_counts(tmp_path):
    customer = local_customer("acme", tmp_path, "every_4_hours")
    result = SyncResult("acme", "s1", total=42, created=0, updated=2, unchanged=40, removed=0, rejected=1)

    card = status_card(customer, result, file_name="fy25.csv", synced_at=NOW, now=NOW)

    assert card.splitlines()[0] == "**Acme Corp** · Budget data source: The drop folder · `fy25.csv`"
    for line in (
        "- Status: ✅ Synced",
        "- Last synced: 2026-02-04 10:20 UTC",
        "- Next sync: 2026-02-04 12:00 UTC",
        "- Sync frequency: Every 4 hours",
        "**42 budgets synced**",
        "- 40 unchanged",
        "- 2 updated",
        "- 1 rows rejected",
    ):
        assert line in card.splitlines(), line
    manual = status_card(
        local_customer("by-hand", tmp_path, "manual"), result, file_name=None, synced_at=None
    )
    assert "- Next sync: on request: Materialize in Dagster, or `budget-sync sync by-hand`" in manual
    assert "- Last synced: never" in manual


def test_synced_and_unchanged_runs_carry_the_card(tmp_path, engine, add_customers, sync, instance):
    from budget_sync.store.customers import get_status

    write_budget(tmp_path / "drop", "budget.csv", departments(3))
    add_customers(local_customer("acme", tmp_path / "drop", "hourly"))
    assert sync("acme").success
    first = latest_metadata(instance, "budget_table", "acme")["summary"]
    assert "- Status: ✅ Synced" in first and "**3 budgets synced**" in first and "- 3 created" in first

    assert sync("acme").success  # same file: skipped

    table = latest_metadata(instance, "budget_table", "acme")
    synced_at = get_status(engine, "acme")["last_synced_at"]
    assert table["last_synced_at"] == synced_at.isoformat(timespec="seconds")
    assert "Unchanged since the last sync" in table["summary"] and "- 3 unchanged" in table["summary"]
    assert f"- Last synced: {synced_at:%Y-%m-%d %H:%M} UTC" in table["summary"]
    assert "- Sync frequency: Every hour" in table["summary"]


def test_failing_card_says_why_since_when_and_which_data_checks_use(tmp_path):
    from budget_sync.defs.assets.status_card import data_in_use_words, failing_card

    customer = local_customer("acme", tmp_path, "every_4_hours")
    words = data_in_use_words({"last_synced_at": NOW})

    card = failing_card(
        customer,
        reason="customer 'acme': the file has no amount column",
        failing_since=datetime(2026, 2, 4, 9, 5, tzinfo=UTC),
        data_in_use=words,
        next_attempt="in 15 minutes (about 10:35 UTC)",
        file_name="fy26.csv",
    )

    assert card.splitlines() == [
        "**Acme Corp** · Budget data source: The drop folder · `fy26.csv`",
        "",
        "- Status: ❌ Failing since 2026-02-04 09:05 UTC",
        "- Why: customer 'acme': the file has no amount column",
        "- Budget checks still use: the data synced 2026-02-04 10:20 UTC",
        "- Next attempt: in 15 minutes (about 10:35 UTC)",
        "- Sync frequency: Every 4 hours",
    ]
    assert data_in_use_words({"last_synced_at": None}).startswith("no data: this customer has never synced")
    assert data_in_use_words(None) == "unknown: the budget database could not be read"
