"""budget_table: the importer writes the mapped budgets into the budget database, all or nothing."""

from datetime import UTC, datetime

import dagster as dg

from budget_sync.defs.assets.mapped_budgets import ACCEPTED_MAPPING, headers_of
from budget_sync.defs.assets.stage import describe, fail, sync_id_for, trigger_of
from budget_sync.defs.assets.status_card import status_card
from budget_sync.defs.assets.unchanged import Unchanged
from budget_sync.defs.checks.covered import UTILIZATION_COVERED, covered_result
from budget_sync.defs.checks.utilization import utilization_result, utilization_snapshot
from budget_sync.defs.customers import load_customer
from budget_sync.defs.partitions import customers_partitions
from budget_sync.defs.resources import BudgetDatabase

UTILIZATION_CHECK = dg.AssetCheckSpec(
    "utilization_preserved",
    asset="budget_table",
    description="Committed and reserved amounts are exactly what they were before the sync.",
)


def sync_metadata(customer, result, raw, mapped, synced_at: datetime) -> dict:
    return {
        "total": result.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "removed": result.removed,
        "restored": result.restored,
        "rejected": result.rejected,
        "sync_id": result.sync_id,
        "last_synced_at": synced_at.isoformat(timespec="seconds"),
        "file_name": raw.file_name,
        "sha256": raw.sha256,
        "headers": dg.MetadataValue.json(headers_of(mapped.mapping)),
        ACCEPTED_MAPPING: dg.MetadataValue.json(mapped.mapping),
        "summary": dg.MetadataValue.md(
            status_card(customer, result, file_name=raw.file_name, synced_at=synced_at)
        ),
        "status": "synced",
        "overcommitted": dg.MetadataValue.json(result.overcommitted),
    }


def skip_metadata(customer, result, marker, synced_at: datetime | None, archived: dict) -> dict:
    """A skipped sync: the database already holds this export, so every budget counts as unchanged;
    `synced_at` is when the skip confirmed the data current (budget_sources.last_synced_at)."""
    file_name = marker.raw.file_name if marker.raw is not None else None
    card = status_card(customer, result, file_name=file_name, synced_at=synced_at, unchanged=True)
    return {
        "status": marker.message,
        "total": result.total,
        "created": 0,
        "updated": 0,
        "unchanged": result.unchanged,
        "removed": 0,
        "rejected": 0,
        "sync_id": result.sync_id,
        "last_synced_at": synced_at.isoformat(timespec="seconds") if synced_at else "",
        "summary": dg.MetadataValue.md(card),
        **archived,
    }


def archive(customer, raw) -> dict:
    """Move an imported drop file to the customer's archive_dir, if set; a failure is only a warning."""
    from budget_sync.errors import BudgetSyncError
    from budget_sync.pipeline.archive import archive_fetched

    if raw is None:
        return {}
    try:
        where = archive_fetched(customer, raw)
    except BudgetSyncError as exc:
        return {"warning": f"imported, but not archived: {exc}"}
    return {"archived_to": where} if where else {}


@dg.asset(
    partitions_def=customers_partitions,
    group_name="budget_sync",
    kinds={"sql"},
    check_specs=[UTILIZATION_CHECK, UTILIZATION_COVERED],
    description="The customer's budgets in the budget database (set-based import with audit log).",
)
def budget_table(
    context: dg.AssetExecutionContext, mapped_budgets, raw_budget_export, budget_db: BudgetDatabase
):
    from budget_sync import pipeline
    from budget_sync.store.customers import get_status

    customer = load_customer(budget_db, context.partition_key)
    engine = budget_db.engine
    sync_id, trigger = sync_id_for(context.run_id, customer.id), trigger_of(context.run)
    if isinstance(mapped_budgets, Unchanged):
        ids = {"sync_id": sync_id, "run_id": context.run_id, "trigger": trigger}
        result = pipeline.record_skip(engine, customer, mapped_budgets.raw, **ids)
        synced_at = get_status(engine, customer.id).get("last_synced_at")
        archived = archive(customer, mapped_budgets.raw)
        yield dg.MaterializeResult(
            metadata=skip_metadata(customer, result, mapped_budgets, synced_at, archived)
        )
        yield dg.AssetCheckResult(check_name="utilization_preserved", passed=True, metadata={"write": "none"})
        yield covered_result([])
        return
    before = utilization_snapshot(engine, customer.id)
    try:
        result = pipeline.import_mapped(
            engine,
            customer,
            mapped_budgets,
            raw_budget_export,
            sync_id=sync_id,
            run_id=context.run_id,
            trigger=trigger,
        )
    except Exception as exc:
        raise fail(context, engine, customer, raw_budget_export, describe(exc, customer)) from None
    synced_at = datetime.now(UTC)
    metadata = sync_metadata(customer, result, raw_budget_export, mapped_budgets, synced_at)
    yield dg.MaterializeResult(metadata={**metadata, **archive(customer, raw_budget_export)})
    yield utilization_result(before, utilization_snapshot(engine, customer.id))
    yield covered_result(result.overcommitted)
