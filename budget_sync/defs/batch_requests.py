"""Grouping many customers into batch runs (schedule ticks, mass onboarding).

One Dagster run costs seconds of CPU to start (a fresh process loading Dagster and this code), so a tick
of 1,000 customers runs them BUDGET_SYNC_BATCH_SIZE (default 50) at a time, grouped by source type so the
per-source-type limits in dagster.yaml still apply; see docs/benchmarks/tick.md. Inside a batch run,
`fetch_workers(source type)` exports are fetched at once (BUDGET_SYNC_FETCH_WORKERS overrides every type),
so the requests in flight to a source are at most its run limit x its fetch workers.
"""

import os

import dagster as dg

from budget_sync.defs import tags

FETCH_WORKERS = {"google_sheets": 4, "anaplan": 2, "sftp": 4, "s3": 8, "local": 4}


def fetch_workers(source_type: str) -> int:
    text = os.environ.get("BUDGET_SYNC_FETCH_WORKERS", "").strip()
    return max(1, int(text)) if text else FETCH_WORKERS.get(source_type, 1)


def batch_size() -> int:
    return max(1, int(os.environ.get("BUDGET_SYNC_BATCH_SIZE", "50")))


def batch_requests(customers, key_prefix: str, trigger: str, size: int | None = None) -> list[dg.RunRequest]:
    """RunRequests of the `sync_batch` job; run keys are stable for the same prefix and customers."""
    size = size or batch_size()
    by_type: dict[str, list] = {}
    for customer in sorted(customers, key=lambda c: c.id):
        by_type.setdefault(customer.source_type, []).append(customer.id)
    requests = []
    for source_type, ids in sorted(by_type.items()):
        for start in range(0, len(ids), size):
            chunk = ids[start : start + size]
            key = f"{key_prefix}:{source_type}:{start // size}"
            requests.append(
                dg.RunRequest(
                    run_key=key,
                    job_name="sync_batch",
                    run_config={"ops": {"sync_customers": {"config": {"customer_ids": chunk}}}},
                    tags=tags.run_tags(
                        chunk[0] if len(chunk) == 1 else f"batch:{key}", source_type, trigger, batch=key
                    ),
                )
            )
    return requests
