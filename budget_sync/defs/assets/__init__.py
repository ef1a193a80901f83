"""The per-customer sync as three assets: raw_budget_export -> mapped_budgets -> budget_table."""

from budget_sync.defs.assets.budget_table import budget_table
from budget_sync.defs.assets.mapped_budgets import mapped_budgets
from budget_sync.defs.assets.raw_export import raw_budget_export

SYNC_ASSETS = [raw_budget_export, mapped_budgets, budget_table]

__all__ = ["SYNC_ASSETS", "budget_table", "mapped_budgets", "raw_budget_export"]
