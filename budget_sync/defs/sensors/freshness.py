"""Reports the `freshness` check on budget_table every 10 minutes (only when the stale set changes)."""

import json

import dagster as dg

from budget_sync.defs.resources import BudgetDatabase


@dg.sensor(
    name="budget_freshness",
    minimum_interval_seconds=600,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Flags customers whose last good sync is older than twice their sync frequency.",
)
def budget_freshness(context: dg.SensorEvaluationContext, budget_db: BudgetDatabase):
    from budget_sync.defs.checks.freshness import freshness_evaluation, stale_customers

    stale = stale_customers(budget_db.engine)
    state = json.dumps(sorted(stale))
    if state == context.cursor:
        return dg.SkipReason(f"{len(stale)} stale customer(s), unchanged")
    return dg.SensorResult(asset_events=[freshness_evaluation(stale)], cursor=state)
