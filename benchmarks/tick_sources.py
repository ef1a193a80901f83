"""The benchmark's sources: Google Sheets customers behind the fake Sheets API answering each API call
after a delay (budget_sync_tests/sources_api/slow_sheets.py), and local drop folders for timing the
file-drop sensor's pages."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from budget_sync.config import CustomerConfig
from budget_sync_tests.sources_api.conftest import SA_EMAIL, public_pem, service_account_json
from budget_sync_tests.sources_api.fake_http import FakeServer
from budget_sync_tests.sources_api.fake_sheets import Spreadsheet
from budget_sync_tests.sources_api.slow_sheets import SlowSheets

SA_ENV = "BENCH_GOOGLE_SA"
HEADER = ["Department", "Sub-category", "Fiscal Period", "Budget Amount", "Currency"]


@contextmanager
def slow_sheets(delay: float):
    """The fake Sheets API on loopback; SA_ENV (set in os.environ) holds the service-account key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    fake = SlowSheets(delay)
    with FakeServer(fake) as server:
        fake.url, fake.token_uri = server.url, server.url + "/token"
        fake.accounts[SA_EMAIL] = public_pem(key)
        os.environ[SA_ENV] = service_account_json(fake.token_uri, key)
        yield fake


def sheets_customers(fake: SlowSheets, prefix: str, n: int, rows: int) -> list[CustomerConfig]:
    configs = []
    for i in range(n):
        cid = f"{prefix}{i:05d}"
        cells = [HEADER] + [[f"Dept {d:02d}", "", "FY2026", f"{1000 + d}.00", "USD"] for d in range(rows)]
        fake.spreadsheets[f"sheet-{cid}"] = Spreadsheet(f"{cid} budget", [("Budget", cells)])
        source = {"type": "google_sheets", "spreadsheet_id": f"sheet-{cid}", "credentials_env": SA_ENV}
        source["api_base_url"] = fake.url
        configs.append(CustomerConfig(id=cid, name=cid, source=source, sync_frequency="hourly"))
    return configs


def sequential_fetch_seconds(configs: list[CustomerConfig]) -> float:
    """Seconds per export when fetched one after another (what a batch did before fetching ahead)."""
    from budget_sync.pipeline.stages import fetch

    started = time.perf_counter()
    for customer in configs:
        fetch(customer)
    return (time.perf_counter() - started) / max(1, len(configs))


def drop_customers(base: Path, prefix: str, n: int) -> list[CustomerConfig]:
    """`manual` customers (never in a schedule tick) with a local drop folder holding one small CSV."""
    configs = []
    for i in range(n):
        cid = f"{prefix}{i:05d}"
        folder = base / cid
        folder.mkdir(parents=True)
        (folder / "budget.csv").write_text(",".join(HEADER) + "\nDept 01,,FY2026,1000.00,USD\n")
        source = {"type": "local", "path": str(folder), "pattern": "*.csv", "stable_seconds": 0}
        configs.append(CustomerConfig(id=cid, name=cid, source=source, sync_frequency="manual"))
    return configs


def sensor_ticks(instance, resources: dict, n: int, page: int) -> tuple[list[float], int]:
    """Tick `local_file_drops` with pages of `page` customers until every one of the `n` local customers
    was listed twice (so each file was taken); (seconds of each tick, run requests)."""
    import dagster as dg

    from budget_sync.defs.sensors.file_drops import FILE_DROP_SENSORS

    sensor = next(s for s in FILE_DROP_SENSORS if s.name == "local_file_drops")
    os.environ["BUDGET_SYNC_DROP_PAGE"] = str(page)
    cursor, times, requests = None, [], 0
    try:
        for _ in range(2 * -(-n // page)):
            context = dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor)
            started = time.perf_counter()
            result = sensor(context)
            times.append(time.perf_counter() - started)
            cursor = result.cursor
            requests += len(result.run_requests or [])
    finally:
        del os.environ["BUDGET_SYNC_DROP_PAGE"]
    return times, requests
