"""Damaged-sync fixtures: the CLI in process against a real database, customers on local drop folders."""

from __future__ import annotations

import pytest

from budget_sync.config import parse_customers
from budget_sync.pipeline import apply_customers
from budget_sync_tests.cli.conftest import cli, customers_file  # noqa: F401  (fixtures)
from budget_sync_tests.pipeline.conftest import ROWS, drops, engine, home  # noqa: F401  (fixtures)

BUDGET_TABLES = ("budgets", "budget_utilization", "budget_audit_log")


def budget_tables(state: dict) -> dict:
    """The budget tables of a `database_state` snapshot (what a refused or partly read file must not change)."""
    return {name: state[name] for name in BUDGET_TABLES}


@pytest.fixture
def engine_and_customer(engine, drops):  # noqa: F811
    """(engine, drops/acme, register(**source settings)): customer acme on a local folder with a.csv."""
    drops.write("acme", "a.csv", ROWS)

    def register(**settings) -> None:
        source = {"type": "local", "path": str(drops.root / "acme"), "stable_seconds": 0, **settings}
        apply_customers(engine, parse_customers({"customers": [{"id": "acme", "source": source}]}))

    return engine, drops.root / "acme", register
