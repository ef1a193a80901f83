"""The per-customer sync: raw_budget_export -> mapped_budgets -> budget_table, materialized together by
one step (`customer_sync`, not subsettable) with its per-partition checks."""

from budget_sync.defs.assets.sync import customer_sync
from budget_sync.defs.run_config import SYNC_OP, fetch_run_config

SYNC_ASSETS = [customer_sync]

__all__ = ["SYNC_ASSETS", "SYNC_OP", "customer_sync", "fetch_run_config"]
