"""A batch run fetches its customers' exports concurrently (bounded) and imports them one by one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_sync.config import CustomerConfig
from budget_sync.defs.history import latest_metadata
from budget_sync.defs.sensors.failures import failed_customers
from budget_sync_tests.defs.test_batch import run_batch
from budget_sync_tests.sources_api.conftest import SA_EMAIL, SA_ENV, public_pem, sa_key, service_account_json  # noqa: F401
from budget_sync_tests.sources_api.fake_http import FakeServer
from budget_sync_tests.sources_api.fake_sheets import Spreadsheet
from budget_sync_tests.sources_api.slow_sheets import SlowSheets

IDS = [f"cust{i}" for i in range(6)]


@pytest.fixture
def slow_sheets(sa_key, monkeypatch):  # noqa: F811
    fake = SlowSheets(delay=0.3)
    with FakeServer(fake) as server:
        fake.url, fake.token_uri = server.url, server.url + "/token"
        fake.accounts[SA_EMAIL] = public_pem(sa_key)
        monkeypatch.setenv(SA_ENV, service_account_json(fake.token_uri, sa_key))
        yield fake


def sheets_customer(fake, cid: str) -> CustomerConfig:
    source = {"type": "google_sheets", "spreadsheet_id": f"sheet-{cid}", "credentials_env": SA_ENV}
    source |= {"api_base_url": fake.url, "max_attempts": 1}
    return CustomerConfig(id=cid, name=cid, source=source, sync_frequency="hourly")


def test_batch_fetches_ahead_within_its_workers_and_keeps_customers_apart(
    slow_sheets, engine, add_customers, instance, resources, monkeypatch
):
    from budget_sync.store.check import check_budget
    from budget_sync.store.syncs import history

    monkeypatch.setenv("BUDGET_SYNC_FETCH_WORKERS", "3")
    for n, cid in enumerate(IDS):
        rows = [
            ["Department", "Fiscal Period", "Budget Amount", "Currency"],
            [f"Dept of {cid}", "FY2025", f"{100 + n}.10", "USD"],
        ]
        slow_sheets.spreadsheets[f"sheet-{cid}"] = Spreadsheet(f"{cid} budget", [("FY2025", rows)])
    slow_sheets.forbidden.add("sheet-cust2")
    add_customers(*(sheets_customer(slow_sheets, cid) for cid in IDS))

    result = run_batch(instance, resources, IDS, tags={"budget_sync/source_type": "google_sheets"})

    assert slow_sheets.most_in_flight == 3
    failed = failed_customers(instance.get_run_by_id(result.run_id), result.get_step_failure_events())
    assert list(failed) == ["cust2"] and "sheet-cust2" in failed["cust2"]
    assert history(engine, "cust2")[0]["status"] == "failed"
    for n, cid in enumerate(IDS):
        if cid == "cust2":
            continue
        assert latest_metadata(instance, "budget_table", cid)["created"] == 1
        own = check_budget(engine, cid, f"Dept of {cid}", "1", fiscal_period="FY2025")
        assert own.status == "approved" and own.budgeted == Decimal(f"{100 + n}.10")
        other = IDS[(n + 1) % len(IDS)]
        assert (
            check_budget(engine, cid, f"Dept of {other}", "1", fiscal_period="FY2025").status == "no_budget"
        )
