"""raw_budget_export: the fetched export (kept for replay and audit): its spec, fetch config and metadata."""

from datetime import datetime

import dagster as dg

from budget_sync.defs.assets.sync_helpers import describe_error
from budget_sync.defs.partitions import customers_partitions
from budget_sync.defs.retries import retries_left, retry_fetch


class FetchConfig(dg.Config):
    """Set by the file-drop sensors to take one dropped file; empty means the source's current export."""

    file_name: str = ""
    file_path: str = ""
    file_size: int = 0
    file_modified_at: str = ""
    file_etag: str = ""
    force: bool = False
    upload_path: str = ""
    """`budget-sync upload` run through Dagster: this local file is the export (no fetch)."""

    def drop_file(self):
        if not self.file_path:
            return None
        from budget_sync.sources import DropFile

        return DropFile(
            name=self.file_name or self.file_path.rsplit("/", 1)[-1],
            path=self.file_path,
            size=self.file_size,
            modified_at=datetime.fromisoformat(self.file_modified_at),
            etag=self.file_etag or None,
        )


RAW_EXPORT = dg.AssetSpec(
    "raw_budget_export",
    group_name="budget_sync",
    kinds={"python"},
    partitions_def=customers_partitions,
    description="The customer's budget export as fetched from its source, kept for replay and audit.",
)


def raw_metadata(customer, raw, kept_at, status: str) -> dict:
    """What was fetched (None: the drop folder held no new file) and where the raw copy is kept."""
    if raw is None:
        return {"source_type": customer.source_type, "status": status}
    return {
        "source_type": customer.source_type,
        "file_name": raw.file_name,
        "location": raw.location,
        "size": raw.size,
        "sha256": raw.sha256,
        "source_modified_at": raw.modified_at.isoformat() if raw.modified_at else "unknown",
        **({"kept_at": str(kept_at)} if kept_at else {}),
        "status": status,
    }


def fetch_or_retry(context, customer, file):
    """Fetch through the pipeline. A failure worth retrying (source unreachable, an unexpected error such
    as a dropped connection) is retried about 2, 4 and 8 s later (defs/retries.py); errors retrying
    cannot fix (settings, missing file) are raised at once, for the caller to record as the failed sync.
    While retries remain the attempt is not over, so nothing is recorded."""
    from budget_sync import pipeline
    from budget_sync.defs.source_clients import client_for
    from budget_sync.errors import BudgetSyncError, SourceError

    try:
        return pipeline.fetch(customer, file=file, client=client_for(customer))
    except Exception as exc:
        retryable = not isinstance(exc, BudgetSyncError) or (isinstance(exc, SourceError) and exc.retryable)
        if retryable and retries_left(context):
            raise retry_fetch(context, describe_error(exc, customer)) from None
        raise
