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


COUNT_KEYS = ("total", "created", "updated", "unchanged", "removed", "rejected")


def sync_json(
    *, success: bool, counts: dict, last_synced_at: str | None, customer_id: str, sync_id, skipped: bool
) -> dict[str, Any]:
    """The keys every sync JSON starts with, in order: the contract keys from the import's counts
    (`counts`: COUNT_KEYS, each 0 when missing), then customerId, syncId and skipped. `result_json` (an
    outcome in this process) and `sync-now` (a run's budget_table metadata) add their own keys after."""
    count = {key: counts.get(key, 0) for key in COUNT_KEYS}
    return {
        "success": success,
        "budgetsImported": count["total"],
        "budgetsUpdated": count["updated"],
        "budgetsCreated": count["created"],
        "budgetsUnchanged": count["unchanged"],
        "budgetsRemoved": count["removed"],
        "rejected": count["rejected"],
        "lastSyncedAt": last_synced_at,
        "customerId": customer_id,
        "syncId": sync_id,
        "skipped": skipped,
    }


def result_json(outcome: SyncOutcome) -> dict:
    """`budgetsImported` counts every budget the export delivered and the database now holds
    (created + updated + unchanged + restored); `rejected` counts rows that did not become budgets."""
    result = outcome.result
    counts = {key: getattr(result, key) for key in COUNT_KEYS} if result is not None else {}
    synced = outcome.last_synced_at
    data = sync_json(
        success=outcome.success,
        counts=counts,
        last_synced_at=synced.isoformat() if synced else None,
        customer_id=outcome.customer_id,
        sync_id=outcome.sync_id,
        skipped=outcome.skipped,
    )
    data |= {
        "dryRun": outcome.dry_run,
        "errors": [r.as_dict() for r in (result.errors if result else [])],
        "overcommitted": list(result.overcommitted) if result else [],
    }
    if outcome.raw is not None:
        data["file"] = {"name": outcome.raw.file_name, "sha256": outcome.raw.sha256, "size": outcome.raw.size}
    if outcome.run_id:
        data["runId"] = outcome.run_id
    if outcome.warnings:
        data["warnings"] = list(outcome.warnings)
    if outcome.error:
        data["error"] = outcome.error
    return data
