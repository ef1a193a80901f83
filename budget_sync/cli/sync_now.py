"""`budget-sync sync-now CUSTOMER --webserver URL`: one sync through a running Dagster, like clicking
Materialize: submit a `sync_customer` run for the customer's partition over GraphQL, wait, print the JSON
result of `budget-sync sync` read from the run's `budget_table` materialization."""

from __future__ import annotations

import json
import sys
import time
from urllib.parse import urlparse

TERMINAL = {"SUCCESS", "FAILURE", "CANCELED"}
RUN_QUERY = """
query SyncNowRun($runId: ID!) {
  runOrError(runId: $runId) {
    __typename
    ... on Run {
      status
      assetMaterializations {
        assetKey { path }
        partition
        metadataEntries {
          label
          ... on IntMetadataEntry { intValue }
          ... on TextMetadataEntry { text }
          ... on BoolMetadataEntry { boolValue }
        }
      }
      eventConnection(limit: 500) {
        events {
          __typename
          ... on ExecutionStepFailureEvent { error { message } failureMetadata { description } }
          ... on AssetCheckEvaluationEvent { evaluation { checkName success description } }
        }
      }
    }
  }
}
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sync-now",
        help="sync one customer now through a running Dagster (webserver GraphQL API)",
        description="Submit a sync of CUSTOMER to the Dagster webserver at --webserver, wait for it and "
        "print the result as JSON (the same keys as `budget-sync sync --json`). Exit 0 on success, "
        "1 when the sync failed (the budgets stay as last synced).",
    )
    parser.add_argument("customer", help="customer id (the Dagster partition key)")
    parser.add_argument(
        "--webserver", required=True, help="Dagster webserver URL, e.g. http://127.0.0.1:3000"
    )
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds to wait for the run (default 600)"
    )
    parser.add_argument("--force", action="store_true", help="import even if the source has not changed")
    parser.add_argument(
        "--allow-mass-change", action="store_true", help="let a sync remove or reject more than the limits"
    )
    parser.set_defaults(handler=handle)


def client_for(url: str):
    from dagster_graphql import DagsterGraphQLClient

    parsed = urlparse(url if "://" in url else f"http://{url}")
    return DagsterGraphQLClient(
        parsed.hostname or "127.0.0.1",
        port_number=parsed.port,
        use_https=parsed.scheme == "https",
        path_prefix=parsed.path.rstrip("/"),
        timeout=60,
    )


def submission(
    customer_id: str, source_type: str, *, trigger: str, force: bool, allow_mass_change: bool
) -> dict:
    """What is submitted to Dagster: the `sync_customer` job with the tags every sync run carries
    (defs/tags.py; the per-customer and per-source-type limits key on them) and the fetch's run config."""
    from budget_sync.defs.run_config import SYNC_JOB, fetch_run_config
    from budget_sync.defs.tags import run_tags

    return {
        "job_name": SYNC_JOB,
        "run_config": fetch_run_config(force=force),
        "tags": run_tags(
            customer_id, source_type, trigger, allow_mass_change=allow_mass_change, partition=True
        ),
    }


def registered_source_type(engine, customer_id: str) -> str:
    """The customer's source type from the budget database; an unknown customer is a ConfigError."""
    from budget_sync.errors import ConfigError
    from budget_sync.store.customers import get_customer

    customer = get_customer(engine, customer_id)
    if customer is None:
        raise ConfigError(
            f"customer '{customer_id}' is not registered; add it to your customers file and run "
            "`budget-sync sources apply FILE.yaml`"
        )
    return customer.source_type


def submit(client, payload: dict) -> str:
    return client.submit_job_execution(
        payload["job_name"], run_config=payload["run_config"], tags=payload["tags"]
    )


def wait_for_run(client, run_id: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        run = client._execute(RUN_QUERY, {"runId": run_id})["runOrError"]
        if run.get("status") in TERMINAL or time.monotonic() > deadline:
            return run
        time.sleep(1)


def entries(materialization: dict) -> dict:
    out = {}
    for entry in materialization.get("metadataEntries", []):
        for key in ("intValue", "text", "boolValue"):
            if key in entry:
                out[entry["label"]] = entry[key]
    return out


def failure_reason(run: dict) -> str:
    for event in run.get("eventConnection", {}).get("events", []):
        evaluation = event.get("evaluation")
        if evaluation and not evaluation.get("success") and evaluation.get("description"):
            return evaluation["description"]
    for event in run.get("eventConnection", {}).get("events", []):
        if event.get("__typename") == "ExecutionStepFailureEvent":
            meta = event.get("failureMetadata") or {}
            return meta.get("description") or (event.get("error") or {}).get("message", "").strip()
    return f"the run ended {run.get('status', 'without a status').lower()}"


def result_from_run(customer_id: str, run_id: str, run: dict) -> dict:
    """The `budget-sync sync --json` keys, from the run's budget_table materialization."""
    from budget_sync.pipeline.result import sync_json

    table = [m for m in run.get("assetMaterializations", []) if m["assetKey"]["path"] == ["budget_table"]]
    meta = entries(table[-1]) if table else {}
    success = run.get("status") == "SUCCESS" and bool(table)
    data = sync_json(
        success=success,
        counts=meta,
        last_synced_at=meta.get("last_synced_at") or None,
        customer_id=customer_id,
        sync_id=meta.get("sync_id"),
        skipped=str(meta.get("status", "")).startswith("unchanged"),
    )
    data["runId"] = run_id
    if not success:
        data["error"] = failure_reason(run)
    return data


def handle(args) -> int:
    from dagster_graphql import DagsterGraphQLClientError

    from budget_sync.errors import BudgetSyncError
    from budget_sync.store.db import ready_engine

    source_type = registered_source_type(ready_engine(), args.customer)
    payload = submission(
        args.customer,
        source_type,
        trigger="sync_now",
        force=args.force,
        allow_mass_change=args.allow_mass_change,
    )
    client = client_for(args.webserver)
    try:
        run_id = submit(client, payload)
        run = wait_for_run(client, run_id, args.timeout)
    except DagsterGraphQLClientError as exc:
        raise BudgetSyncError(
            f"Dagster at {args.webserver} refused the sync of '{args.customer}': {exc}"
        ) from None
    if run.get("status") not in TERMINAL:
        print(
            f"budget-sync: run {run_id} still {run.get('status')} after {args.timeout:g} s", file=sys.stderr
        )
        return 1
    data = result_from_run(args.customer, run_id, run)
    print(json.dumps(data, indent=2))
    return 0 if data["success"] else 1
