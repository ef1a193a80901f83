"""Schedules: each tick syncs exactly the customers whose `sync_frequency` matches.

`daily` customers sync at 02:00 in their own timezone: an hourly tick picks the ones for whom it is 02:00
now. `manual` customers never run by schedule. Customers are read from budget_sources on every tick, so
changing a frequency with `budget-sync sources apply` moves the customer to the new schedule.
Customers are batched (defs/batch_requests.py) per source type, so the per-source-type run limits in
dagster.yaml apply; run keys make a tick idempotent.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg

from budget_sync.defs.batch_requests import batch_requests
from budget_sync.defs.jobs import sync_batch_job
from budget_sync.defs.resources import BudgetDatabase
from budget_sync.defs.ticks import DAILY_LOCAL_HOUR, crossed_local_hour

__all__ = ["CRONS", "SCHEDULES", "crossed_local_hour", "is_due"]

CRONS = {
    "hourly": "0 * * * *",
    "every_4_hours": "0 */4 * * *",
    "every_12_hours": "0 */12 * * *",
    "daily": "0 * * * *",
}

DESCRIPTIONS = {
    "hourly": "Every hour: syncs the customers whose sync_frequency is hourly.",
    "every_4_hours": "Every 4 hours: syncs the customers whose sync_frequency is every_4_hours.",
    "every_12_hours": "Every 12 hours: syncs the customers whose sync_frequency is every_12_hours.",
    "daily": f"Daily at {DAILY_LOCAL_HOUR:02d}:00 in each customer's own timezone: syncs the customers whose "
    "sync_frequency is daily. It ticks every hour to catch each timezone's "
    f"{DAILY_LOCAL_HOUR:02d}:00; the other ticks skip.",
}
"""What the UI shows: the cron of `sync_daily` is hourly, but each customer syncs once a day."""


def is_due(customer, frequency: str, at: datetime) -> bool:
    if customer.sync_frequency != frequency:
        return False
    if frequency != "daily":
        return True
    return crossed_local_hour(ZoneInfo(customer.timezone or "UTC"), at, DAILY_LOCAL_HOUR)


def busy_customers(instance) -> set[str]:
    """Customers with a single-customer run queued or in progress (they are not batched this tick)."""
    runs = instance.get_runs(
        filters=dg.RunsFilter(
            statuses=[
                dg.DagsterRunStatus.QUEUED,
                dg.DagsterRunStatus.NOT_STARTED,
                dg.DagsterRunStatus.STARTING,
                dg.DagsterRunStatus.STARTED,
            ],
        )
    )
    return {run.tags["dagster/partition"] for run in runs if run.tags.get("dagster/partition")}


def frequency_schedule(frequency: str) -> dg.ScheduleDefinition:
    name = f"sync_{frequency}"

    @dg.schedule(
        name=name,
        cron_schedule=CRONS[frequency],
        job=sync_batch_job,
        execution_timezone="UTC",
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=DESCRIPTIONS[frequency],
    )
    def _schedule(context: dg.ScheduleEvaluationContext, budget_db: BudgetDatabase):
        from budget_sync.store.customers import list_customers

        at = context.scheduled_execution_time
        busy = busy_customers(context.instance)
        due = [c for c in list_customers(budget_db.engine) if is_due(c, frequency, at) and c.id not in busy]
        if not due:
            return dg.SkipReason(f"no {frequency} customers due at {at.isoformat()}")
        return batch_requests(due, f"{name}:{at.isoformat()}", "schedule")

    return _schedule


SCHEDULES = [frequency_schedule(f) for f in CRONS]
