"""budget_table: the customer's budgets in the budget database, as the last good sync left them: its
spec and the metadata of a sync (status card first, the accepted mapping after it)."""

from datetime import datetime

import dagster as dg

from budget_sync.defs.assets.mapped_budgets import ACCEPTED_MAPPING, headers_of
from budget_sync.defs.assets.status_card import status_card
from budget_sync.defs.partitions import customers_partitions

BUDGET_TABLE = dg.AssetSpec(
    "budget_table",
    group_name="budget_sync",
    kinds={"sql"},
    partitions_def=customers_partitions,
    deps=["mapped_budgets"],
    description="The customer's budgets in the budget database (set-based import with audit log).",
)


def table_metadata(customer, outcome, status: str) -> dict:
    """`outcome`: the pipeline's SyncOutcome of a good sync; `status`: "synced", or the unchanged message
    of a skip (the database already holds this export: every budget counts as unchanged, nothing is
    written, and the accepted mapping stays the one of the last import)."""
    result, raw, synced_at = outcome.result, outcome.raw, outcome.last_synced_at
    file_name = raw.file_name if raw is not None else None
    card = status_card(customer, result, file_name=file_name, synced_at=synced_at, unchanged=outcome.skipped)
    metadata = {
        "summary": dg.MetadataValue.md(card),
        "status": status,
        "total": result.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "removed": result.removed,
        "restored": result.restored,
        "rejected": result.rejected,
        "sync_id": result.sync_id,
        "last_synced_at": synced_at.isoformat(timespec="seconds") if isinstance(synced_at, datetime) else "",
    }
    if file_name:
        metadata |= {"file_name": file_name, "sha256": raw.sha256}
    if outcome.warnings:
        metadata["warning"] = "; ".join(outcome.warnings)
    if not outcome.skipped:
        metadata |= {
            "overcommitted": dg.MetadataValue.json(result.overcommitted),
            "headers": dg.MetadataValue.json(headers_of(outcome.mapped.mapping)),
            ACCEPTED_MAPPING: dg.MetadataValue.json(outcome.mapped.mapping),
        }
    return metadata
