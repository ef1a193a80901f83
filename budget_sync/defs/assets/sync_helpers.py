"""Helpers every sync asset shares: the run's sync id, its trigger, the failure message, and recording a
failed attempt."""

import uuid
from datetime import UTC, datetime

import dagster as dg

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


def fail(context, engine, customer, raw, message: str) -> dg.Failure:
    """Record the failed attempt (budget_syncs row, customer status; budgets untouched) and build the
    Failure to raise (not retried: fetch retries are requested in raw_export before it comes to this)."""
    from budget_sync.pipeline import record_failure

    record_failure(
        engine,
        customer,
        raw,
        message,
        sync_id=sync_id_for(context.run.run_id, customer.id),
        run_id=context.run.run_id,
        trigger=trigger_of(context.run),
        started=run_started_at(context),
    )
    return dg.Failure(message, allow_retries=False)
