"""The JSON a sync prints (`budget-sync sync --json`, `upload --json`, sync-now): the public contract keys
plus a few extras (customerId, syncId, skipped, dryRun, errors with row and reason)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from budget_sync.pipeline.run import SyncOutcome

CONTRACT_KEYS = (
    "success",
    "budgetsImported",
    "budgetsUpdated",
    "budgetsCreated",
    "budgetsUnchanged",
    "budgetsRemoved",
    "rejected",
    "lastSyncedAt",
)


def result_json(outcome: SyncOutcome) -> dict:
    """`budgetsImported` counts every budget the export delivered and the database now holds
    (created + updated + unchanged + restored); `rejected` counts rows that did not become budgets."""
    result = outcome.result
    counts = {"total": 0, "created": 0, "updated": 0, "unchanged": 0, "removed": 0, "rejected": 0}
    if result is not None:
        counts = {key: getattr(result, key) for key in counts}
    synced = outcome.last_synced_at
    data: dict[str, Any] = {
        "success": outcome.success,
        "budgetsImported": counts["total"],
        "budgetsUpdated": counts["updated"],
        "budgetsCreated": counts["created"],
        "budgetsUnchanged": counts["unchanged"],
        "budgetsRemoved": counts["removed"],
        "rejected": counts["rejected"],
        "lastSyncedAt": synced.isoformat() if synced else None,
        "customerId": outcome.customer_id,
        "syncId": outcome.sync_id,
        "skipped": outcome.skipped,
        "dryRun": outcome.dry_run,
        "errors": [r.as_dict() for r in (result.errors if result else [])],
        "overcommitted": list(result.overcommitted) if result else [],
    }
    if outcome.raw is not None:
        data["file"] = {"name": outcome.raw.file_name, "sha256": outcome.raw.sha256, "size": outcome.raw.size}
    if outcome.warnings:
        data["warnings"] = list(outcome.warnings)
    if outcome.error:
        data["error"] = outcome.error
    return data
