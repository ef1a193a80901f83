"""Asset checks: the blocking guard before the write, control totals, utilization, freshness."""

from budget_sync.defs.checks.control_totals import control_totals
from budget_sync.defs.checks.freshness import freshness
from budget_sync.defs.checks.sync_guard import sync_guard

SYNC_CHECKS = [sync_guard, control_totals]
ALL_CHECKS = [sync_guard, control_totals, freshness]

__all__ = ["ALL_CHECKS", "SYNC_CHECKS", "control_totals", "freshness", "sync_guard"]
