"""The batch op: the pipeline's stages for each customer of a schedule tick, in one process.

Each customer is its own all-or-nothing sync (own transaction, own budget_syncs row) behind the same
guard as the single-customer runs (checks/sync_guard.py); one customer failing does not stop the others. Each success is reported as a `budget_table` materialization of the
customer's partition, so the UI history is the same as for single-customer runs. Failed customers are
listed in the step failure's metadata for the failure sensor and the follow-up sensor.
"""

import json
from datetime import UTC, datetime

import dagster as dg

from budget_sync.defs import tags
from budget_sync.defs.resources import BudgetDatabase
from budget_sync.defs.retries import FETCH_RETRY_POLICY

FAILED_CUSTOMERS = "failed_customers"


class BatchConfig(dg.Config):
    customer_ids: list[str]


def materialization(outcome) -> dg.AssetMaterialization:
    from budget_sync.pipeline import result_json

    data = result_json(outcome)
    status = "unchanged" if outcome.skipped else "synced"
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
    }
    return dg.AssetMaterialization(asset_key="budget_table", partition=outcome.customer_id, metadata=metadata)


def guarded_sync(engine, customer_id: str, run_id: str, trigger: str, allow_mass_change: bool):
    """fetch -> unchanged? -> keep raw -> map -> dry run + guard -> import; a failure is recorded."""
    from budget_sync import pipeline
    from budget_sync.defs.assets.stage import sync_id_for
    from budget_sync.defs.checks.sync_guard import guard_result
    from budget_sync.errors import BudgetSyncError
    from budget_sync.settings import load_settings
    from budget_sync.store.customers import get_customer

    customer = get_customer(engine, customer_id)
    if customer is None:
        raise BudgetSyncError(f"customer '{customer_id}' is not registered (or was removed)")
    sync_id, started, raw = sync_id_for(run_id, customer_id), datetime.now(UTC), None
    ids = {"sync_id": sync_id, "run_id": run_id, "trigger": trigger}
    outcome = pipeline.SyncOutcome(customer_id, sync_id, success=False)
    try:
        outcome.raw = raw = pipeline.fetch(customer)
        if pipeline.unchanged_since_last_sync(engine, raw):
            outcome.result = pipeline.record_skip(engine, customer, raw, **ids)
            outcome.success, outcome.skipped = True, True
            return outcome
        outcome.kept_at = pipeline.keep_raw(raw)
        mapped = pipeline.map_raw(raw, customer)
        dry = pipeline.import_mapped(engine, customer, mapped, raw, **ids, dry_run=True)
        guard = guard_result(customer_id, dry, mapped, load_settings(), allow_mass_change)
        if not guard.passed:
            raise BudgetSyncError(guard.description)
        outcome.result = pipeline.import_mapped(engine, customer, mapped, raw, **ids)
    except BudgetSyncError as exc:
        pipeline.record_failure(engine, customer, raw, str(exc), **ids, started=started)
        raise
    outcome.success, outcome.last_synced_at = True, datetime.now(UTC)
    return outcome


@dg.op(retry_policy=FETCH_RETRY_POLICY)
def sync_customers(context: dg.OpExecutionContext, config: BatchConfig, budget_db: BudgetDatabase):
    """A retry re-runs the whole batch; customers synced by an earlier attempt are skipped as unchanged.
    Only retryable failures (a source unreachable) retry; bad settings or files fail at once."""
    from budget_sync.errors import BudgetSyncError, SourceError

    trigger = context.run.tags.get(tags.TRIGGER, "schedule")
    allowed = tags.allows_mass_change(context.run.tags)
    failed, retryable = {}, False
    for customer_id in config.customer_ids:
        try:
            outcome = guarded_sync(budget_db.engine, customer_id, context.run_id, trigger, allowed)
            context.log_event(materialization(outcome))
        except BudgetSyncError as exc:
            failed[customer_id] = str(exc)
            retryable = retryable or (isinstance(exc, SourceError) and exc.retryable)
            context.log.warning(f"{customer_id}: {exc}")
    if failed:
        raise dg.Failure(
            f"{len(failed)} of {len(config.customer_ids)} customers failed: {', '.join(sorted(failed))}",
            metadata={FAILED_CUSTOMERS: dg.MetadataValue.json(failed)},
            allow_retries=retryable,
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
