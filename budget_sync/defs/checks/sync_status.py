"""sync_succeeded: the customer's latest sync, as a per-partition check result on `budget_table`.

A failed run leaves the partition's latest materialization as it was (the last good sync's "Synced"
card), so the failure is reported here, on the customer's partition: failing, why in one sentence, since
when, and the time of the data budget checks still use. The same card goes on a `budget_table`
observation, so the partition's event list shows it too.
"""

from datetime import datetime

import dagster as dg

from budget_sync.defs.partitions import customers_partitions

SYNC_SUCCEEDED = dg.AssetCheckSpec(
    "sync_succeeded",
    asset="budget_table",
    partitions_def=customers_partitions,
    description="The customer's latest sync succeeded; when it failed: why, since when, and which data "
    "budget checks still use.",
)


def succeeded_result(status: str, synced_at: datetime | None) -> dg.AssetCheckResult:
    when = synced_at.isoformat(timespec="seconds") if synced_at else ""
    return dg.AssetCheckResult(
        check_name="sync_succeeded",
        passed=True,
        description=status,
        metadata={"status": status, "last_synced_at": when},
    )


def failing_metadata(
    card: str, reason: str, failing_since: datetime | None, data_synced_at: datetime | None, data_in_use: str
) -> dict:
    """The failing card first (the UI shows metadata in this order), then the same facts as values."""
    return {
        "summary": dg.MetadataValue.md(card),
        "status": "failing",
        "reason": reason,
        "failing_since": failing_since.isoformat(timespec="seconds") if failing_since else "",
        "data_synced_at": data_synced_at.isoformat(timespec="seconds") if data_synced_at else "",
        "data_in_use": data_in_use,
    }


def failing_result(reason: str, metadata: dict) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name="sync_succeeded",
        passed=False,
        severity=dg.AssetCheckSeverity.ERROR,
        description=reason,
        metadata=metadata,
    )
