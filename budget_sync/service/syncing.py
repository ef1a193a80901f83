"""Syncs started by the service: at most one in flight per customer (sync-now answers 409 meanwhile; a
real-time check waits on the one in flight instead of starting another).

With a Dagster webserver (BUDGET_SYNC_DAGSTER_URL) the sync is a `sync_customer` run submitted and awaited
over GraphQL, exactly like `budget-sync sync-now`, so Dagster's run history stays the sync history;
otherwise it is `pipeline.run_sync` in a worker thread. Either way the result is the JSON of
`budget-sync sync --json`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

RUN_TIMEOUT = 600.0


class SyncRunner:
    def __init__(self, engine, dagster_url: str | None = None, on_done: Callable[[str], None] | None = None):
        self.engine, self.dagster_url = engine, dagster_url
        self._on_done = on_done
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="budget-sync")
        self._lock = threading.Lock()
        self._inflight: dict[str, Future] = {}

    def busy(self, customer_id: str) -> bool:
        with self._lock:
            future = self._inflight.get(customer_id)
            return future is not None and not future.done()

    def start(self, customer_id: str, trigger: str) -> tuple[Future, bool]:
        """The customer's sync in flight, started now if there was none; `True` when this call started it."""
        with self._lock:
            future = self._inflight.get(customer_id)
            if future is not None and not future.done():
                return future, False
            future = self._pool.submit(self._run, customer_id, trigger)
            self._inflight[customer_id] = future
        return future, True

    def _run(self, customer_id: str, trigger: str) -> dict:
        try:
            if self.dagster_url:
                return dagster_sync(self.dagster_url, self.engine, customer_id, trigger)
            return in_process_sync(self.engine, customer_id, trigger)
        finally:
            if self._on_done:
                self._on_done(customer_id)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def in_process_sync(engine, customer_id: str, trigger: str) -> dict:
    from budget_sync.pipeline import SyncFailed, result_json, run_sync

    try:
        outcome = run_sync(engine, customer_id, trigger=trigger)
    except SyncFailed as exc:
        outcome = exc.outcome
    return result_json(outcome)


def dagster_sync(url: str, engine, customer_id: str, trigger: str) -> dict:
    """Submit and await a Dagster run, as `budget-sync sync-now` does (the same submission: job, tags,
    run config); a refused submission or a run that does not finish in time is a failed result that says
    so."""
    from dagster_graphql import DagsterGraphQLClientError

    from budget_sync.cli.sync_now import (
        TERMINAL,
        client_for,
        registered_source_type,
        result_from_run,
        submission,
        submit,
        wait_for_run,
    )
    from budget_sync.errors import BudgetSyncError

    base = {"success": False, "customerId": customer_id, "syncId": None, "lastSyncedAt": None}
    try:
        source_type = registered_source_type(engine, customer_id)
    except BudgetSyncError as exc:
        return {**base, "error": str(exc)}
    payload = submission(customer_id, source_type, trigger=trigger, force=False, allow_mass_change=False)
    try:
        client = client_for(url)
        run_id = submit(client, payload)
        run = wait_for_run(client, run_id, RUN_TIMEOUT)
    except (DagsterGraphQLClientError, OSError) as exc:
        return {
            **base,
            "error": f"the Dagster webserver refused or could not take the sync: {type(exc).__name__}",
        }
    if run.get("status") not in TERMINAL:
        return {
            **base,
            "runId": run_id,
            "error": f"Dagster run {run_id} still {run.get('status')} after {RUN_TIMEOUT:g} s",
        }
    return result_from_run(customer_id, run_id, run)
