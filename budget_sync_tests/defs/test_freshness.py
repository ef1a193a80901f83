"""Freshness: a customer is stale when its last good sync is older than twice its frequency."""

from datetime import UTC, datetime, timedelta

import dagster as dg

from budget_sync.defs.checks.freshness import stale_customers
from budget_sync.defs.sensors.freshness import budget_freshness
from budget_sync_tests.defs.conftest import departments, local_customer, write_budget


def test_stale_customers_by_frequency(tmp_path, engine, add_customers, sync):
    write_budget(tmp_path / "a", "a.csv", departments(2))
    add_customers(
        local_customer("hourly", tmp_path / "a", "hourly"),
        local_customer("daily", tmp_path / "a", "daily"),
        local_customer("by-hand", tmp_path / "a", "manual"),
        local_customer("never", tmp_path / "missing", "every_4_hours"),
    )
    assert sync("hourly").success and sync("daily").success

    now = datetime.now(UTC)
    assert set(stale_customers(engine, now)) == {"never"}
    later = stale_customers(engine, now + timedelta(hours=3))
    assert set(later) == {"never", "hourly"} and "syncs hourly" in later["hourly"]
    assert set(stale_customers(engine, now + timedelta(days=3))) == {"never", "hourly", "daily"}


def test_sensor_reports_the_check_only_when_the_stale_set_changes(
    tmp_path, add_customers, instance, resources
):
    add_customers(local_customer("never", tmp_path / "missing", "hourly"))

    first = budget_freshness(dg.build_sensor_context(instance=instance, resources=resources))
    evaluation = first.asset_events[0]
    assert evaluation.check_name == "freshness" and not evaluation.passed
    again = budget_freshness(
        dg.build_sensor_context(instance=instance, resources=resources, cursor=first.cursor)
    )
    assert isinstance(again, dg.SkipReason)


def test_unchanged_source_keeps_a_customer_fresh(tmp_path, engine, add_customers, sync, instance):
    """A sync that finds the source unchanged confirms the data is current: it is not stale."""
    import sqlalchemy as sa

    write_budget(tmp_path / "a", "a.csv", departments(2))
    add_customers(local_customer("acme", tmp_path / "a", "hourly"))
    assert sync("acme").success
    long_ago = datetime.now(UTC) - timedelta(days=2)
    with engine.begin() as conn:  # the import happened two days ago
        conn.execute(
            sa.text("UPDATE budget_syncs SET started_at = :t, finished_at = :t WHERE customer_id = 'acme'"),
            {"t": long_ago},
        )
    assert set(stale_customers(engine)) == {"acme"}

    skipped = sync("acme")  # the hourly sync finds the same file

    assert skipped.success
    from budget_sync.store.syncs import history

    assert [row["status"] for row in history(engine, "acme")] == ["skipped", "success"]
    assert stale_customers(engine) == {}
    assert set(stale_customers(engine, datetime.now(UTC) + timedelta(hours=3))) == {"acme"}
