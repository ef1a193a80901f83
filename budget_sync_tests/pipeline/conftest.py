"""Pipeline fixtures: a real database (SQLite and PostgreSQL), a state folder, and customers whose
`local` source is a folder under tmp_path that the tests write export files into."""

from __future__ import annotations

import csv
import os

import pytest
import sqlalchemy as sa

from budget_sync.config import parse_customers
from budget_sync.pipeline import apply_customers_file
from budget_sync.store.db import ready_engine
from budget_sync.store.schema import budget_syncs, budgets

HEADER = ("Department", "Sub-category", "Fiscal Period", "Budget Amount", "Currency")
ROWS = [
    ("Marketing", "Events", "FY2025-Q1", "1000.10", "USD"),
    ("Marketing", "Events", "FY2025-Q2", "1000.20", "USD"),
    ("Sales", "Travel", "FY2025-Q1", "500.00", "USD"),
    ("Sales", "Travel", "FY2025-Q2", "0.30", "USD"),
    ("Engineering", "Cloud", "FY2025-Q1", "123456789012.34", "USD"),
]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """BUDGET_SYNC_HOME for this test (raw copies land under home/raw)."""
    folder = tmp_path / "home"
    monkeypatch.setenv("BUDGET_SYNC_HOME", str(folder))
    monkeypatch.delenv("BUDGET_SYNC_RAW_DIR", raising=False)
    return folder


@pytest.fixture
def engine(db_url, home, monkeypatch):
    monkeypatch.setenv("BUDGET_SYNC_DATABASE_URL", db_url)
    return ready_engine(db_url)


@pytest.fixture
def drops(tmp_path):
    """drops/<customer>/ folders; `write(customer, name, rows)` writes a CSV export into one."""

    class Drops:
        root = tmp_path / "drops"

        def write(self, customer: str, name: str, rows, header=HEADER):
            folder = self.root / customer
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            with path.open("w", newline="") as handle:
                csv.writer(handle).writerows([header, *rows])
            return path

        def touch_later(self, path, seconds: int = 10):
            """Make `path` the newest file of its folder, whatever the clock resolution."""
            stat = path.stat()
            os.utime(path, (stat.st_atime + seconds, stat.st_mtime + seconds))

    return Drops()


@pytest.fixture
def register(engine, drops):
    """Register customers with a local source on drops/<id> (no stability wait)."""

    def apply(*ids: str, **settings):
        entries = [
            {
                "id": cid,
                "source": {"type": "local", "path": str(drops.root / cid), "stable_seconds": 0},
                **settings,
            }
            for cid in ids
        ]
        return apply_customers_file(engine, parse_customers({"customers": entries}))

    return apply


def budget_rows(engine, customer_id: str | None = None) -> list[tuple]:
    """Every stored budget (removed ones too), as plain tuples, for before/after comparisons."""
    query = sa.select(
        budgets.c.customer_id,
        budgets.c.department,
        budgets.c.sub_category,
        budgets.c.fiscal_period,
        budgets.c.budgeted_amount,
        budgets.c.currency,
        budgets.c.removed_from_source_at,
    ).order_by(budgets.c.customer_id, budgets.c.department, budgets.c.sub_category, budgets.c.fiscal_period)
    if customer_id:
        query = query.where(budgets.c.customer_id == customer_id)
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def sync_rows(engine, customer_id: str) -> list[dict]:
    query = sa.select(budget_syncs).where(budget_syncs.c.customer_id == customer_id)
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query.order_by(budget_syncs.c.started_at))]
