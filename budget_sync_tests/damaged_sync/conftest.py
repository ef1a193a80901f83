"""Damaged-sync fixtures: the CLI in process against a real database, customers on local drop folders."""

from __future__ import annotations

from budget_sync_tests.cli.conftest import cli, customers_file  # noqa: F401  (fixtures)
from budget_sync_tests.pipeline.conftest import drops  # noqa: F401  (fixture)

BUDGET_TABLES = ("budgets", "budget_utilization", "budget_audit_log")


def budget_tables(state: dict) -> dict:
    """The budget tables of a `database_state` snapshot (what a refused or partly read file must not change)."""
    return {name: state[name] for name in BUDGET_TABLES}
