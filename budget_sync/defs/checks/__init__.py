"""Asset checks. The sync's own checks (sync_guard, control_totals, utilization_preserved,
utilization_covered, sync_succeeded) are check specs of the `customer_sync` step; `freshness` is reported
by its sensor."""

from budget_sync.defs.checks.freshness import freshness

ALL_CHECKS = [freshness]

__all__ = ["ALL_CHECKS", "freshness"]
