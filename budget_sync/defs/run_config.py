"""Run config of a `sync_customer` run, built in one place: the file-drop sensors, `sync-now`, the service
and the CLI's Dagster runs all configure the fetch step the same way. No Dagster import."""

from __future__ import annotations

SYNC_OP = "customer_sync"  # the one step of a single-customer sync (defs/assets/sync.py)
SYNC_JOB = "sync_customer"


def fetch_run_config(
    *, force: bool = False, drop_file: dict | None = None, upload_path: str | None = None
) -> dict | None:
    """`drop_file`: the FetchConfig file fields of a dropped file; `upload_path`: a local file to import
    instead of fetching (`budget-sync upload`). None when the fetch needs no config."""
    config: dict = dict(drop_file or {})
    if upload_path:
        config["upload_path"] = upload_path
    if force:
        config["force"] = True
    return {"ops": {SYNC_OP: {"config": config}}} if config else None
