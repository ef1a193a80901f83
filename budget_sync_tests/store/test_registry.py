"""Customer registry, sync log and notifications."""

from datetime import UTC, datetime, timedelta

import pytest

from budget_sync.config import CustomerConfig
from budget_sync.store.customers import (
    get_customer,
    get_status,
    list_customers,
    remove_customers,
    set_sync_status,
    upsert_customers,
)
from budget_sync.store.importer import import_budgets
from budget_sync.store.notifications import add_notification, list_notifications
from budget_sync.store.syncs import history, last_good_sync, record_sync

from .conftest import active_budgets, budget, rows

ACME = CustomerConfig(
    "acme",
    "Acme Corp",
    {"type": "sftp", "host": "sftp.acme.test", "path": "/out", "key_env": "ACME_KEY"},
    mapping={"department": "Dept"},
    sync_frequency="daily",
    timezone="America/New_York",
    fiscal_year_start_month=4,
    default_currency="EUR",
    notify={"email": "fpa@acme.test"},
)
GLOBEX = CustomerConfig("globex", "Globex", {"type": "local", "path": "drops/globex"})


def test_customers_round_trip_and_report_what_changed(engine):
    assert upsert_customers(engine, [ACME, GLOBEX]) == {
        "added": ["acme", "globex"],
        "updated": [],
        "unchanged": [],
    }
    assert get_customer(engine, "acme") == ACME
    assert list_customers(engine) == [ACME, GLOBEX]
    renamed = CustomerConfig(**{**ACME.__dict__, "name": "Acme Inc"})
    assert upsert_customers(engine, [renamed, GLOBEX]) == {
        "added": [],
        "updated": ["acme"],
        "unchanged": ["globex"],
    }
    assert get_customer(engine, "acme").name == "Acme Inc"
    assert get_customer(engine, "nobody") is None


def test_removing_a_customer_keeps_its_budgets_and_history_and_it_can_come_back(engine):
    upsert_customers(engine, [ACME, GLOBEX])
    import_budgets(engine, "acme", [budget("Ops", "FY2025", "1")])
    assert remove_customers(engine, ["acme", "nobody"]) == ["acme"]
    assert [c.id for c in list_customers(engine)] == ["globex"]
    assert [c.id for c in list_customers(engine, active_only=False)] == ["acme", "globex"]
    assert len(active_budgets(engine)) == 1
    assert get_status(engine, "acme")["active"] is False
    assert upsert_customers(engine, [ACME])["updated"] == ["acme"]
    assert get_status(engine, "acme")["active"] is True


def test_the_importer_uses_the_registered_fiscal_year_and_marks_the_sync_time(engine):
    upsert_customers(engine, [ACME])
    before = datetime.now(UTC)
    import_budgets(engine, "acme", [budget("Ops", "FY2025-Q1", "1")])
    status = get_status(engine, "acme")
    assert status["last_synced_at"] >= before - timedelta(seconds=1)
    assert rows(engine, "SELECT CAST(period_start AS TEXT) FROM budgets") == [("2024-04-01",)]
    import_budgets(engine, "acme", [budget("Ops", "FY2025-Q1", "1")], dry_run=True)
    assert get_status(engine, "acme")["last_synced_at"] == status["last_synced_at"]


def test_the_importer_leaves_the_sync_time_to_its_caller_when_told(engine):
    """The pipeline passes mark_synced=False: set_sync_status writes last_synced_at once for the sync."""
    upsert_customers(engine, [ACME])
    import_budgets(engine, "acme", [budget("Ops", "FY2025-Q1", "1")], mark_synced=False)
    assert get_status(engine, "acme")["last_synced_at"] is None
    assert len(active_budgets(engine)) == 1


def test_sync_status_keeps_the_last_good_time_on_failure(engine):
    upsert_customers(engine, [ACME])
    good = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    set_sync_status(
        engine, "acme", "success", synced_at=good, sync_id="s1", fingerprint="fp", raw_sha256="ab" * 32
    )
    set_sync_status(engine, "acme", "failed", error="sftp source of customer 'acme': timed out")
    status = get_status(engine, "acme")
    assert (status["last_status"], status["last_synced_at"], status["last_sync_id"]) == ("failed", good, "s1")
    assert status["mapping_fingerprint"] == "fp" and status["last_error"].endswith("timed out")
    assert get_status(engine, "nobody") == {}


def test_sync_status_returns_the_stored_last_synced_at_from_its_own_update(engine):
    """What a failed sync reports as the last good time, without a second read of the row."""
    upsert_customers(engine, [ACME])
    assert set_sync_status(engine, "acme", "failed", error="x") is None  # never synced
    good = datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    assert set_sync_status(engine, "acme", "success", synced_at=good) == good
    assert (
        set_sync_status(engine, "acme", "failed", error="x")
        == good
        == get_status(engine, "acme")["last_synced_at"]
    )
    assert set_sync_status(engine, "nobody", "failed", error="x") is None


def test_a_loaded_customer_carries_its_sync_state_which_equality_ignores(engine):
    from budget_sync.store.customers import get_active_customer

    upsert_customers(engine, [ACME])
    set_sync_status(
        engine, "acme", "success", synced_at=datetime(2025, 1, 2, tzinfo=UTC), raw_sha256="ab" * 32
    )
    loaded = get_active_customer(engine, "acme")
    assert loaded.status.last_synced_at == datetime(2025, 1, 2, tzinfo=UTC)
    assert loaded.status.last_raw_sha256 == "ab" * 32
    assert loaded == ACME and ACME.status is None  # settings compare equal (e.g. the batch prefetch's check)


def test_the_importer_reads_the_registry_defaults_only_when_not_given(engine):
    from budget_sync_tests.db_state import registry_statements

    upsert_customers(engine, [ACME])  # fiscal year from April, EUR
    items = [{"department": "Ops", "fiscal_period": "FY2025-Q1", "budgeted_amount": "1"}]  # no currency
    with registry_statements(engine) as read:
        import_budgets(engine, "acme", items, fiscal_year_start_month=4)
    assert len(read.reads) == 1 and active_budgets(engine)[("Ops", "", "FY2025-Q1")][1] == "EUR"
    with registry_statements(engine) as given:
        import_budgets(engine, "acme", items, fiscal_year_start_month=4, default_currency="GBP")
    assert given.reads == [] and active_budgets(engine)[("Ops", "", "FY2025-Q1")][1] == "GBP"
    starts = rows(engine, "SELECT period_start FROM budgets WHERE customer_id = 'acme'")
    assert [str(start)[:10] for (start,) in starts] == ["2024-04-01"]


def test_sync_log_history_and_last_good_sync(engine):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    result = import_budgets(engine, "acme", [budget("Ops", "FY2025", "1")])
    record_sync(engine, result=result, status="success", started_at=start, run_id="r1", source_file="a.xlsx")
    record_sync(
        engine, id="s2", customer_id="acme", status="failed", started_at=start + timedelta(hours=1), error="x"
    )
    record_sync(engine, id="s2", customer_id="acme", status="failed", finished_at=start + timedelta(hours=2))
    assert [h["id"] for h in history(engine, "acme")] == ["s2", result.sync_id]
    good = last_good_sync(engine, "acme")
    assert (good["id"], good["created"], good["total"], good["source_file"]) == (
        result.sync_id,
        1,
        1,
        "a.xlsx",
    )
    assert history(engine, "globex") == [] and last_good_sync(engine, "globex") is None
    record_sync(engine, id="s4", customer_id="acme", status="skipped", started_at=start + timedelta(hours=3))
    assert last_good_sync(engine, "acme")["id"] == "s4"  # the source was unchanged: still current
    with pytest.raises(ValueError, match="status"):
        record_sync(engine, id="s3", customer_id="acme", status="done")
    with pytest.raises(TypeError, match="unknown field"):
        record_sync(engine, id="s3", customer_id="acme", status="success", colour="red")


def test_notifications_are_per_customer_newest_first(engine):
    add_notification(engine, "acme", "warning", "Sync removed 30% of budgets", "Check the export.")
    add_notification(engine, "acme", "error", "Sync failed", "SFTP unreachable.")
    add_notification(engine, "globex", "info", "Hello", "")
    assert [n["title"] for n in list_notifications(engine, "acme")] == [
        "Sync failed",
        "Sync removed 30% of budgets",
    ]
    with pytest.raises(ValueError, match="level"):
        add_notification(engine, "acme", "loud", "t", "b")
