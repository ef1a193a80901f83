"""File-drop sensors (local folder, SFTP, S3): each new, complete file starts exactly one sync of
exactly its customer, taking exactly that file.

A file counts once it was listed with the same size and mtime (or ETag) on two polls in a row; the
connectors never list temp names (`*.part`, `*.tmp`, dot files, `~$` lock files). Run keys come from
path + mtime + size/ETag, so even a lost cursor cannot start a second run for the same file. Many
customers are listed a page per tick (`drop_pages.py`).
"""

import time
from concurrent.futures import ThreadPoolExecutor

import dagster as dg

from budget_sync.defs import tags
from budget_sync.defs.jobs import sync_customer_job
from budget_sync.defs.resources import BudgetDatabase
from budget_sync.defs.run_config import fetch_run_config
from budget_sync.defs.sensors import drop_cursor, drop_pages

POLL_SECONDS = {"local": 15, "sftp": 60, "s3": 60}
LIST_WORKERS = 8


def fetch_config(file) -> dict:
    return {
        "file_name": file.name,
        "file_path": file.path,
        "file_size": file.size,
        "file_modified_at": file.modified_at.isoformat(),
        "file_etag": file.etag or "",
    }


def drop_request(customer, file) -> dg.RunRequest:
    return dg.RunRequest(
        run_key=drop_cursor.run_key(customer.id, file),
        partition_key=customer.id,
        run_config=fetch_run_config(drop_file=fetch_config(file)),
        tags=tags.customer_tags(customer, "file_drop", file=file.path),
    )


def list_all(customers, list_files) -> list:
    """Each customer's listing (or the exception it raised), LIST_WORKERS at a time: SFTP and S3 listings
    wait on the network, and one tick must cover every customer of the source type."""

    def one(customer):
        try:
            return list_files(customer.id, customer.source)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(max_workers=LIST_WORKERS) as pool:
        return list(pool.map(one, customers))


def poll(context, customers, list_files, already_synced) -> dg.SensorResult:
    """One tick for the given customers of one source type, one page of them (`drop_pages.py`); a
    listing error skips only that customer."""
    state, after = drop_cursor.load(context.cursor)
    requests, problems = [], []
    started, limit, listed = time.monotonic(), drop_pages.page_seconds(), 0
    page = drop_pages.rotated(customers, after)[: drop_pages.page_size()]
    for chunk in drop_pages.chunks(page):
        if listed and time.monotonic() - started > limit:
            break
        for customer, files in zip(chunk, list_all(chunk, list_files), strict=True):
            if isinstance(files, Exception):  # a source being down must not stop the other customers' drops
                problems.append(f"{customer.id}: {files}")
                continue
            ready, state[customer.id] = drop_cursor.new_stable_files(
                state.get(customer.id), files, lambda newest, c=customer: already_synced(c, newest)
            )
            requests += [drop_request(customer, f) for f in ready]
        listed, after = listed + len(chunk), chunk[-1].id
    for cid in set(state) - {c.id for c in customers}:
        del state[cid]
    for problem in problems:
        context.log.warning(problem)
    if listed < len(customers):
        context.log.info(
            f"listed {listed} of {len(customers)} customers; the next tick goes on after {after}"
        )
    return dg.SensorResult(run_requests=requests, cursor=drop_cursor.dump(state, after))


def file_drop_sensor(source_type: str) -> dg.SensorDefinition:
    @dg.sensor(
        name=f"{source_type}_file_drops",
        job=sync_customer_job,
        minimum_interval_seconds=POLL_SECONDS[source_type],
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=f"Starts a sync when a new, complete file lands in a customer's {source_type} drop.",
    )
    def _sensor(context: dg.SensorEvaluationContext, budget_db: BudgetDatabase):
        from budget_sync.defs.checks.freshness import last_good_at
        from budget_sync.defs.source_clients import list_files_for
        from budget_sync.store.customers import list_customers

        customers = [c for c in list_customers(budget_db.engine) if c.source_type == source_type]
        if not customers and not context.cursor:
            return dg.SkipReason(f"no customers with a {source_type} source")

        def already_synced(customer, newest) -> bool:
            last = last_good_at(budget_db.engine, customer.id)
            return last is not None and newest.modified_at <= last

        return poll(context, customers, list_files_for(source_type), already_synced)

    return _sensor


FILE_DROP_SENSORS = [file_drop_sensor(t) for t in ("local", "sftp", "s3")]
