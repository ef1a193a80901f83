"""Helpers every sync asset shares: the run's sync id, its trigger, the failure message, and recording a
failed attempt."""

import uuid
from datetime import UTC, datetime

from budget_sync.defs import tags


def sync_id_for(run_id: str, customer_id: str) -> str:
    """One sync id per run and customer, the same in every asset, check and retry of that run."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"budget_sync/{run_id}/{customer_id}"))


def trigger_of(run) -> str:
    return run.tags.get(tags.TRIGGER, "manual")


def describe_error(exc: Exception, customer) -> str:
    """The pipeline's plain message: our errors already name the file, row, setting or source; anything
    else gets its class name; the values of the customer's secret env vars are masked, since the message
    goes into budget_syncs, the Dagster UI and the failure alerts."""
    from budget_sync.pipeline.run import describe_failure

    return describe_failure(exc, customer)


def run_started_at(context) -> datetime:
    start = context.instance.get_run_stats(context.run.run_id).start_time
    return datetime.fromtimestamp(start, UTC) if start else datetime.now(UTC)


def fail(context, engine, customer, raw, message: str):
    """Record the failed attempt (budget_syncs row, customer status; budgets untouched) and return its
    `SyncOutcome` (recorded, with the stored `last_synced_at` the failure's own write returned, for the
    failing card); the caller raises dg.Failure (not retried: fetch retries are requested in raw_export
    before it comes to this)."""
    from budget_sync.pipeline import SyncOutcome, record_failure

    sync_id = sync_id_for(context.run.run_id, customer.id)
    synced_at = record_failure(
        engine,
        customer,
        raw,
        message,
        sync_id=sync_id,
        run_id=context.run.run_id,
        trigger=trigger_of(context.run),
        started=run_started_at(context),
    )
    outcome = SyncOutcome(customer.id, sync_id, success=False, raw=raw, error=message, recorded=True)
    outcome.last_synced_at, outcome.run_id = synced_at, context.run.run_id
    return outcome
