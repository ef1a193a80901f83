"""The batch op: the pipeline's `run_sync` for each customer of a schedule tick, in one process.

Each customer is its own all-or-nothing sync (own transaction, own budget_syncs row) with the same
mass-change limits as the single-customer runs' sync_guard (the run tag `budget_sync/allow_mass_change`
lifts them); one customer failing does not stop the others. Each customer gets the same per-partition
events as a single-customer run (`defs/sync_events.py`): the three materializations and the check results
on success, the failing card on failure. Failed customers are listed in the step failure's metadata for
the failure sensor and the follow-up sensor.
"""

import functools
import json

import dagster as dg

from budget_sync.defs import tags
from budget_sync.defs.batch_requests import fetch_workers
from budget_sync.defs.resources import BudgetDatabase
from budget_sync.defs.retries import retries_left, retry_fetch

FAILED_CUSTOMERS = "failed_customers"


class BatchConfig(dg.Config):
    customer_ids: list[str]


@dg.op
def sync_customers(context: dg.OpExecutionContext, config: BatchConfig, budget_db: BudgetDatabase):
    """A retry re-runs the whole batch; customers synced by an earlier attempt are skipped as unchanged.
    Only retryable failures (a source unreachable) retry; bad settings or files fail at once.
    Exports are fetched `fetch_workers(source type)` at a time ahead of the sequential map + import."""
    from budget_sync.defs.exclusive import RunsInProgress, synced_elsewhere
    from budget_sync.defs.sync_events import RunInfo, sync_and_report
    from budget_sync.pipeline.prefetch import prefetched
    from budget_sync.store.customers import get_active_customer

    run = RunInfo(
        instance=context.instance,
        run_id=context.run_id,
        trigger=context.run.tags.get(tags.TRIGGER, "schedule"),
        allow_mass_change=tags.allows_mass_change(context.run.tags),
        follow_up=tags.FOLLOW_UP_OF in context.run.tags,
        own_sync_id=False,
    )
    workers = fetch_workers(context.run.tags.get(tags.SOURCE_TYPE, ""))
    failed, retryable = {}, False
    load, runs = functools.partial(get_active_customer, budget_db.engine), RunsInProgress(context.instance)
    for customer_id, customer, fetcher in prefetched(config.customer_ids, workers, load):
        other_run = synced_elsewhere(context, customer_id, runs)
        if other_run:  # never two syncs of one customer at once: that run syncs it
            context.log.info(f"{customer_id}: skipped, run {other_run} is syncing it now")
            continue
        if customer is None:  # removed since the tick: nothing to sync, report or follow up
            failed[customer_id] = f"customer '{customer_id}' is not registered (or was removed); not synced"
            context.log.warning(failed[customer_id])
            continue
        events = sync_and_report(budget_db.engine, customer, run, fetcher=fetcher)
        yield from events.logged_events()  # yielded, not log_event: buffered events die with a failure
        if events.failure is not None:
            failed[customer_id] = events.failure
            retryable = retryable or events.retryable
            context.log.warning(f"{customer_id}: {events.failure}")
    if failed and retryable and retries_left(context):
        raise retry_fetch(
            context, f"{len(failed)} customer(s) could not be fetched: {', '.join(sorted(failed))}"
        )
    if failed:
        raise dg.Failure(
            f"{len(failed)} of {len(config.customer_ids)} customers failed: {', '.join(sorted(failed))}",
            metadata={FAILED_CUSTOMERS: dg.MetadataValue.json(failed)},
            allow_retries=False,
        )
    yield dg.Output(len(config.customer_ids))


def failed_customers_of(step_failure_events) -> dict[str, str]:
    """{customer id: reason} from a batch run's step failure events (empty for other runs)."""
    failed = {}
    for event in step_failure_events:
        data = event.step_failure_data.user_failure_data
        value = (data.metadata or {}).get(FAILED_CUSTOMERS) if data else None
        if value is not None:
            failed.update(value.value if hasattr(value, "value") else json.loads(value))
    return failed
