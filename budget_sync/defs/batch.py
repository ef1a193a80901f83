"""The batch op: the pipeline's `run_sync` for each customer of a schedule tick, in one process.

Each customer is its own all-or-nothing sync (own transaction, own budget_syncs row) with the same
mass-change limits as the single-customer runs' sync_guard (the run tag `budget_sync/allow_mass_change`
lifts them); one customer failing does not stop the others. Each success is reported as a `budget_table` materialization of the
customer's partition, so the UI history is the same as for single-customer runs. Failed customers are
listed in the step failure's metadata for the failure sensor and the follow-up sensor.
"""

import functools
import json

import dagster as dg

from budget_sync.defs import tags
from budget_sync.defs.batching import fetch_workers
from budget_sync.defs.resources import BudgetDatabase
from budget_sync.defs.retries import retries_left, retry_fetch

FAILED_CUSTOMERS = "failed_customers"


class BatchConfig(dg.Config):
    customer_ids: list[str]


def materialization(outcome, customer=None) -> dg.AssetMaterialization:
    """The customer's `budget_table` materialization, with the same status-card summary as the assets'."""
    from budget_sync.defs.assets.mapped_budgets import ACCEPTED_MAPPING
    from budget_sync.defs.assets.status_card import status_card
    from budget_sync.pipeline import result_json

    data = result_json(outcome)
    status = "unchanged" if outcome.skipped else "synced"
    summary = {}
    if customer is not None and outcome.result is not None:
        file_name = outcome.raw.file_name if outcome.raw is not None else None
        card = status_card(
            customer,
            outcome.result,
            file_name=file_name,
            synced_at=outcome.last_synced_at,
            unchanged=outcome.skipped,
        )
        summary = {"summary": dg.MetadataValue.md(card)}
    if outcome.mapped is not None and not outcome.skipped:  # the baseline for the next header drift
        summary[ACCEPTED_MAPPING] = dg.MetadataValue.json(outcome.mapped.mapping)
    metadata = {
        "status": status,
        "total": data["budgetsImported"],
        "created": data["budgetsCreated"],
        "updated": data["budgetsUpdated"],
        "unchanged": data["budgetsUnchanged"],
        "removed": data["budgetsRemoved"],
        "rejected": data["rejected"],
        "last_synced_at": data["lastSyncedAt"] or "",
        "sync_id": data.get("syncId") or "",
        "batch": True,
        **summary,
    }
    return dg.AssetMaterialization(asset_key="budget_table", partition=outcome.customer_id, metadata=metadata)


@dg.op
def sync_customers(context: dg.OpExecutionContext, config: BatchConfig, budget_db: BudgetDatabase):
    """A retry re-runs the whole batch; customers synced by an earlier attempt are skipped as unchanged.
    Only retryable failures (a source unreachable) retry; bad settings or files fail at once.
    Exports are fetched `fetch_workers(source type)` at a time ahead of the sequential map + import."""
    from budget_sync.defs.customers import active_customer
    from budget_sync.defs.exclusive import RunsInProgress, synced_elsewhere
    from budget_sync.errors import BudgetSyncError, SourceError
    from budget_sync.pipeline import SyncFailed, run_sync
    from budget_sync.pipeline.prefetch import prefetched

    trigger = context.run.tags.get(tags.TRIGGER, "schedule")
    allowed = tags.allows_mass_change(context.run.tags)
    workers = fetch_workers(context.run.tags.get(tags.SOURCE_TYPE, ""))
    failed, retryable = {}, False
    load, runs = functools.partial(active_customer, budget_db.engine), RunsInProgress(context.instance)
    for customer_id, customer, fetcher in prefetched(config.customer_ids, workers, load):
        other_run = synced_elsewhere(context, customer_id, runs)
        if other_run:  # never two syncs of one customer at once: that run syncs it
            context.log.info(f"{customer_id}: skipped, run {other_run} is syncing it now")
            continue
        try:
            outcome = run_sync(
                budget_db.engine,
                customer_id,
                run_id=context.run_id,
                trigger=trigger,
                allow_mass_change=allowed,
                fetcher=fetcher,
            )
            context.log_event(materialization(outcome, customer))
        except SyncFailed as exc:
            failed[customer_id] = str(exc)
            cause = exc.__cause__
            retryable = retryable or (isinstance(cause, SourceError) and cause.retryable)
            context.log.warning(f"{customer_id}: {exc}")
        except BudgetSyncError as exc:  # e.g. the customer was removed since the tick
            failed[customer_id] = str(exc)
            context.log.warning(f"{customer_id}: {exc}")
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
    return len(config.customer_ids)


def failed_customers_of(step_failure_events) -> dict[str, str]:
    """{customer id: reason} from a batch run's step failure events (empty for other runs)."""
    failed = {}
    for event in step_failure_events:
        data = event.step_failure_data.user_failure_data
        value = (data.metadata or {}).get(FAILED_CUSTOMERS) if data else None
        if value is not None:
            failed.update(value.value if hasattr(value, "value") else json.loads(value))
    return failed
