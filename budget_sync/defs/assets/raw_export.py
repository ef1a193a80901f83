"""raw_budget_export: fetch the customer's export and keep the raw file for replay and audit."""

from datetime import datetime

import dagster as dg

from budget_sync.defs.assets.stage import describe, fail
from budget_sync.defs.assets.unchanged import Unchanged
from budget_sync.defs.checks.freshness import last_good_at
from budget_sync.defs.customers import load_customer
from budget_sync.defs.exclusive import wait_while_batched
from budget_sync.defs.partitions import customers_partitions
from budget_sync.defs.resources import BudgetDatabase
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


def fetch_or_fail(context, engine, customer, file):
    """Fetch through the pipeline. A failure worth retrying (source unreachable, an unexpected error such
    as a dropped connection) is retried about 2, 4 and 8 s later (defs/retries.py); errors retrying
    cannot fix (settings, missing file) fail at once. Only the final failure is recorded as the failed
    sync: while retries remain, the attempt is not over yet."""
    from budget_sync import pipeline
    from budget_sync.defs.source_clients import client_for
    from budget_sync.errors import BudgetSyncError, SourceError

    try:
        return pipeline.fetch(customer, file=file, client=client_for(customer))
    except Exception as exc:
        retryable = not isinstance(exc, BudgetSyncError) or (isinstance(exc, SourceError) and exc.retryable)
        message = describe(exc, customer)
        if retryable and retries_left(context):
            raise retry_fetch(context, message) from None
        raise fail(context, engine, customer, None, message) from None


def read_upload(context, engine, customer, path: str):
    """The uploaded file as the customer's export; an unreadable file is the sync's failure."""
    from budget_sync.pipeline import raw_from_file

    try:
        return raw_from_file(customer.id, path)
    except Exception as exc:
        raise fail(context, engine, customer, None, describe(exc, customer)) from None


@dg.asset(
    partitions_def=customers_partitions,
    group_name="budget_sync",
    kinds={"python"},
    description="The customer's budget export as fetched from its source, kept for replay and audit.",
)
def raw_budget_export(context: dg.AssetExecutionContext, config: FetchConfig, budget_db: BudgetDatabase):
    from budget_sync import pipeline
    from budget_sync.pipeline.archive import nothing_new

    engine = budget_db.engine
    customer = load_customer(budget_db, context.partition_key)
    wait_while_batched(context, customer.id)  # never two syncs of one customer at once
    drop_file = config.drop_file()
    if drop_file is None and not config.upload_path and nothing_new(customer):
        # The customer archives imported files and none is waiting: nothing to do, not a failure.
        marker = Unchanged(None, last_good_at(engine, customer.id), "no new file in the drop folder")
        return dg.Output(marker, metadata={"source_type": customer.source_type, "status": marker.message})
    if config.upload_path:
        raw = read_upload(context, engine, customer, config.upload_path)
    else:
        raw = fetch_or_fail(context, engine, customer, drop_file)
    metadata = {
        "source_type": customer.source_type,
        "file_name": raw.file_name,
        "location": raw.location,
        "size": raw.size,
        "sha256": raw.sha256,
        "source_modified_at": raw.modified_at.isoformat() if raw.modified_at else "unknown",
    }
    if not config.force and pipeline.unchanged_since_last_sync(engine, raw):
        marker = Unchanged(raw, last_good_at(engine, customer.id))
        context.log.info(f"{customer.id}: source {marker.message}; mapping and import are skipped")
        return dg.Output(marker, metadata={**metadata, "status": marker.message})
    kept = pipeline.keep_raw(raw)
    return dg.Output(raw, metadata={**metadata, "kept_at": str(kept), "status": "changed"})
