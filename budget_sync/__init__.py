"""budget_sync: customers' FP&A budgets, exported on a schedule, mapped, and kept in a local database.

Public API (stable): ``check_budget``, ``import_budgets``, ``map_file``, ``map_rows``.
Imports are lazy so that ``import budget_sync`` stays cheap and never loads Dagster.
"""

from __future__ import annotations

__all__ = ["check_budget", "import_budgets", "map_file", "map_rows", "Budget", "Rejection", "SyncResult"]


def __getattr__(name: str):
    if name == "check_budget":
        from budget_sync.store.check import check_budget

        return check_budget
    if name == "import_budgets":
        from budget_sync.store.importer import import_budgets

        return import_budgets
    if name in ("map_file", "map_rows"):
        from budget_sync import mapping

        return getattr(mapping, name)
    if name in ("Budget", "Rejection", "SyncResult"):
        from budget_sync import models

        return getattr(models, name)
    raise AttributeError(f"module 'budget_sync' has no attribute '{name}'")
