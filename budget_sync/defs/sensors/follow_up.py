"""One follow-up attempt 15 minutes after a sync failed for good (its fetch retries exhausted).

Finds failed sync runs that ended at least 15 minutes ago and requests one new run per failed customer,
unless a good sync happened since or the failed run was itself a follow-up. The run key
`follow-up:<run id>:<customer>` makes it exactly once.
"""

from datetime import UTC, datetime, timedelta

import dagster as dg

from budget_sync.defs import tags
from budget_sync.defs.jobs import sync_customer_job
from budget_sync.defs.resources import BudgetDatabase
from budget_sync.defs.retries import follow_up_delay_seconds
from budget_sync.defs.sensors.failures import failed_customers, is_sync_run

LOOKBACK = timedelta(days=1)


def due_failures(instance, cursor: float | None, now: datetime):
    """Failed sync runs last updated between the cursor (or a day ago) and 15 minutes ago, oldest first."""
    after = datetime.fromtimestamp(cursor, UTC) if cursor else now - LOOKBACK
    before = now - timedelta(seconds=follow_up_delay_seconds())
    records = instance.get_run_records(
        filters=dg.RunsFilter(
            statuses=[dg.DagsterRunStatus.FAILURE], updated_after=after, updated_before=before
        )
    )
    return sorted((r for r in records if is_sync_run(r.dagster_run)), key=lambda r: r.update_timestamp)


def step_failures(instance, run_id: str):
    return [
        record.event_log_entry.dagster_event
        for record in instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.STEP_FAILURE).records
    ]


@dg.sensor(
    name="follow_up_failed_syncs",
    job=sync_customer_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Retries a failed customer sync once, 15 minutes after it failed.",
)
def follow_up_failed_syncs(context: dg.SensorEvaluationContext, budget_db: BudgetDatabase):
    from budget_sync.defs.checks.freshness import last_good_at
    from budget_sync.store.customers import get_active_customer

    now = datetime.now(UTC)
    cursor = float(context.cursor) if context.cursor else None
    requests = []
    for record in due_failures(context.instance, cursor, now):
        run = record.dagster_run
        cursor = max(cursor or 0, record.update_timestamp.timestamp())
        if tags.FOLLOW_UP_OF in run.tags:
            continue
        for customer_id in failed_customers(run, step_failures(context.instance, run.run_id)):
            customer = get_active_customer(budget_db.engine, customer_id)  # removed: no follow-up
            last = last_good_at(budget_db.engine, customer_id)
            if customer is None or (last and last >= record.update_timestamp):
                continue
            requests.append(
                dg.RunRequest(
                    run_key=f"follow-up:{run.run_id}:{customer_id}",
                    partition_key=customer_id,
                    tags=tags.customer_tags(customer, "follow_up", follow_up_of=run.run_id),
                )
            )
    return dg.SensorResult(run_requests=requests, cursor=str(cursor) if cursor else None)
