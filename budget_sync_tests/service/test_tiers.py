"""The check's real-time and cache-first tiers against the local fake Google Sheets API: source up, down
and slow; one refresh in flight per customer; every refresh a recorded sync."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from budget_sync.store.schema import budget_sources
from budget_sync_tests.service.conftest import HEADER
from budget_sync_tests.sources_api.conftest import sa_key, sheets, sheets_settings  # noqa: F401 (fixtures)
from budget_sync_tests.sources_api.fake_sheets import Spreadsheet, google_error

CHECK = {"customerId": "acme", "department": "Marketing", "amount": "100.00", "fiscalPeriod": "FY2025-Q1"}


def sheet_rows(amount: str) -> list[list[str]]:
    return [list(HEADER), ["Marketing", "", "FY2025-Q1", amount, "USD"]]


@pytest.fixture
def fake(request):
    api = request.getfixturevalue("sheets")
    api.spreadsheets["sheet-abc"] = Spreadsheet("Acme", [("Budget", sheet_rows("1000.00"))])
    return api


@pytest.fixture
def acme(register, fake):
    def apply(**settings):
        register("acme", source=sheets_settings(fake, sheet="Budget", max_retry_wait=0), **settings)

    return apply


def set_amount(fake, amount: str) -> None:
    fake.spreadsheets["sheet-abc"] = Spreadsheet("Acme", [("Budget", sheet_rows(amount))])


def slow_down(fake, seconds: float) -> None:
    original = fake.handle

    def slow(request):
        time.sleep(seconds)
        return original(request)

    fake.handle = slow


def triggers(client) -> list[tuple[str, str]]:
    syncs = client.get("/api/sync/history", params={"customerId": "acme"}).json()["syncs"]
    return [(s["trigger"], s["status"]) for s in syncs]


def test_realtime_refreshes_old_data_from_the_source_first(client, acme, fake):
    acme(tier="realtime", ttl_seconds=0)
    client.post("/api/connectors/sync-now", json={"customerId": "acme"})
    set_amount(fake, "1500.00")
    result = client.post("/api/budgets/check", json=CHECK).json()
    assert (result["servedFrom"], result["budgeted"], result["stale"]) == ("refreshed", "1500.00", False)
    assert triggers(client) == [("realtime", "success"), ("api", "success")]


def test_realtime_within_ttl_answers_locally(client, acme, fake):
    acme(tier="realtime", ttl_seconds=300)
    client.post("/api/connectors/sync-now", json={"customerId": "acme"})
    set_amount(fake, "1500.00")
    result = client.post("/api/budgets/check", json=CHECK).json()
    assert (result["servedFrom"], result["budgeted"]) == ("local", "1000.00")
    assert len(triggers(client)) == 1


def test_realtime_falls_back_to_local_data_when_the_source_is_down(client, acme, fake):
    acme(tier="realtime", ttl_seconds=0)
    client.post("/api/connectors/sync-now", json={"customerId": "acme"})
    fake.fail_forever = google_error(503, "The service is currently unavailable.")
    result = client.post("/api/budgets/check", json=CHECK).json()
    assert (result["servedFrom"], result["stale"], result["budgeted"]) == ("fallback", True, "1000.00")
    deadline = time.monotonic() + 20
    while ("realtime", "failed") not in triggers(client) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert triggers(client)[0] == ("realtime", "failed")  # the refresh attempt is a recorded sync


def test_realtime_slow_source_waits_refresh_wait_ms_then_falls_back_with_one_refresh(client, acme, fake):
    acme(tier="realtime", ttl_seconds=0, refresh_wait_ms=300)
    client.post("/api/connectors/sync-now", json={"customerId": "acme"})
    slow_down(fake, 2.0)
    results, started = [], time.monotonic()

    def check():
        results.append(client.post("/api/budgets/check", json=CHECK).json())

    threads = [threading.Thread(target=check) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - started < 1.8  # nobody waited for the slow source
    assert {(r["servedFrom"], r["stale"], r["budgeted"]) for r in results} == {("fallback", True, "1000.00")}
    conflict = client.post("/api/connectors/sync-now", json={"customerId": "acme"})
    assert conflict.status_code == 409  # the refresh is still in flight
    deadline = time.monotonic() + 20
    while (len(triggers(client)) < 2 or ("realtime", "running") in triggers(client)) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.1)  # an attempt is recorded as running when it starts, then finished
    assert triggers(client) == [("realtime", "skipped"), ("api", "success")]  # one refresh for four checks


def test_cache_first_refreshes_only_past_max_staleness(client, acme, fake, engine):
    acme(tier="cache_first", max_staleness_seconds=3600)
    client.post("/api/connectors/sync-now", json={"customerId": "acme"})
    set_amount(fake, "1500.00")
    assert client.post("/api/budgets/check", json=CHECK).json()["servedFrom"] == "local"
    with engine.begin() as conn:
        conn.execute(budget_sources.update().values(last_synced_at=datetime.now(UTC) - timedelta(hours=2)))
    result = client.post("/api/budgets/check", json=CHECK).json()
    assert (result["servedFrom"], result["budgeted"]) == ("refreshed", "1500.00")


def test_standard_tier_never_refreshes(client, acme, fake, engine):
    acme()
    client.post("/api/connectors/sync-now", json={"customerId": "acme"})
    with engine.begin() as conn:
        conn.execute(sa.update(budget_sources).values(last_synced_at=datetime.now(UTC) - timedelta(days=30)))
    result = client.post("/api/budgets/check", json=CHECK).json()
    assert (result["servedFrom"], result["budgeted"]) == ("local", "1000.00")
    assert len(triggers(client)) == 1
