"""Never two syncs of one customer at once, also across batch runs.

Single-customer runs (sensors, follow-ups, sync-now, Materialize in the UI) are kept one per customer by
the tag concurrency limits in dagster.yaml (`dagster/partition`, `budget_sync/customer`). A batch run
syncs up to 50 customers but can carry only one tag value, so the two kinds check each other here:
- a single-customer run waits (before fetching) while an in-progress batch run lists its customer;
- a batch run skips a customer that a single-customer run, or an earlier batch run, is syncing now (that
  run syncs it; the schedule tick already leaves out customers with a single-customer run queued).
Writes are serialized per customer by the store as well (a PostgreSQL advisory lock, SQLite's write lock).
A batch run re-reads the runs in progress at most every SNAPSHOT_SECONDS: a single-customer run started
since then waits for the batch itself, and a batch run started since then gives way to this older one.
"""

import os
import time

import dagster as dg

IN_PROGRESS = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]
POLL_SECONDS = 5
SNAPSHOT_SECONDS = 2.0


def wait_limit_seconds() -> float:
    """How long a single-customer run waits for a batch run (a batch of 50 takes a few minutes)."""
    return float(os.environ.get("BUDGET_SYNC_BUSY_WAIT_SECONDS", 20 * 60))


def batch_customers(run) -> list[str]:
    config = (run.run_config or {}).get("ops", {}).get("sync_customers", {}).get("config", {})
    return list(config.get("customer_ids", []))


def in_progress(instance) -> list:
    """Run records of every run starting or running now (one query)."""
    return list(instance.get_run_records(filters=dg.RunsFilter(statuses=IN_PROGRESS)))


class RunsInProgress:
    """The records of `in_progress(instance)`, read again once older than `max_age` seconds."""

    def __init__(self, instance, max_age: float = SNAPSHOT_SECONDS):
        self.instance, self.max_age = instance, max_age
        self._records: list = []
        self._read_at: float | None = None

    def records(self) -> list:
        now = time.monotonic()
        if self._read_at is None or now - self._read_at > self.max_age:
            self._records, self._read_at = in_progress(self.instance), now
        return self._records


def batch_runs_syncing(records, customer_id: str, exclude_run_id: str) -> list:
    """Records of in-progress `sync_batch` runs (oldest first) whose customers include `customer_id`."""
    found = [
        r
        for r in records
        if r.dagster_run.job_name == "sync_batch"
        and r.dagster_run.run_id != exclude_run_id
        and customer_id in batch_customers(r.dagster_run)
    ]
    return sorted(found, key=lambda r: r.create_timestamp)


def wait_while_batched(context, customer_id: str) -> bool:
    """Block this single-customer run while a batch run is syncing the same customer; a dg.Failure
    (nothing fetched or written) if that takes longer than wait_limit_seconds(). True when it waited:
    the customer's row read before is then stale (the batch synced it meanwhile)."""
    deadline = time.monotonic() + wait_limit_seconds()
    waited = False
    while True:
        busy = [
            r.dagster_run
            for r in batch_runs_syncing(in_progress(context.instance), customer_id, context.run_id)
        ]
        if not busy:
            return waited
        waited = True
        if time.monotonic() >= deadline:
            raise dg.Failure(
                f"Customer '{customer_id}' is still being synced by batch run {busy[0].run_id} after "
                f"{wait_limit_seconds() / 60:g} minutes; this run stopped without syncing. The budgets "
                "stay as that run leaves them.",
                allow_retries=False,
            )
        context.log.info(f"{customer_id}: waiting for batch run {busy[0].run_id} to finish syncing it")
        time.sleep(min(POLL_SECONDS, max(0.1, deadline - time.monotonic())))


def synced_elsewhere(context, customer_id: str, runs: RunsInProgress | None = None) -> str | None:
    """For a batch run: the id of another run syncing this customer right now (skip it), else None."""
    records = runs.records() if runs is not None else in_progress(context.instance)
    for record in records:
        if record.dagster_run.tags.get("dagster/partition") == customer_id:
            return record.dagster_run.run_id
    mine = next((r for r in records if r.dagster_run.run_id == context.run_id), None)
    for record in batch_runs_syncing(records, customer_id, context.run_id):
        if mine is None or record.create_timestamp < mine.create_timestamp:
            return record.dagster_run.run_id
    return None
