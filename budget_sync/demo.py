"""`make demo`: register the sample customers, sync each one, and show what happened.

State lives in BUDGET_SYNC_HOME (default .budget_sync in the current folder), so the demo never touches
another database unless BUDGET_SYNC_DATABASE_URL says so. Running it again works: the samples have not
changed, so every sync is skipped as unchanged. Drop a new file into budget_sync/samples/drops/<customer>/
(or edit one) and run it again to see updates.

The status cards are read back from the database (budget_sources, budget_syncs), not from the in-process
results, so they read the same whichever way the syncs ran (`sync_in_process` or through Dagster).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).parent / "samples"
CUSTOMERS_FILE = SAMPLES / "customers.yaml"
CHECK_EXAMPLE: dict[str, Any] = {
    "customer_id": "acme",
    "department": "Marketing",
    "sub_category": "Events",
    "amount": Decimal("5000.00"),
    "fiscal_period": "FY2025-Q1",
}

STATUS_WORDS = {
    "success": "imported",
    "skipped": "skipped, the source has not changed since the last good sync",
    "failed": "FAILED",
}


def run_demo(via_dagster: bool = False, out=print) -> int:
    """Apply the samples, sync every sample customer, print a status card each and one budget check."""
    from budget_sync.config import load_customers_file
    from budget_sync.pipeline import apply_customers_file
    from budget_sync.settings import load_settings
    from budget_sync.store.db import ready_engine

    settings = load_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    out(f"budget_sync demo: state in {settings.home}")
    engine = ready_engine()
    configs = load_customers_file(CUSTOMERS_FILE)
    applied = apply_customers_file(engine, configs)
    out(
        f"applied {CUSTOMERS_FILE.name}: added {len(applied.added)}, updated {len(applied.updated)}, "
        f"unchanged {len(applied.unchanged)}"
    )
    ids = [c.id for c in configs]
    if via_dagster:
        out(f"materializing {len(ids)} customer partitions through Dagster (raw_budget_export -> ")
        out("  mapped_budgets -> budget_table, with their asset checks); `make dev` shows the runs")
        failures = sync_through_dagster(ids)
    else:
        failures = sync_in_process(engine, ids)
    out("")
    for config in configs:
        out("\n".join(status_card(engine, config)))
        out("")
    out("\n".join(budget_check_example(engine)))
    return 1 if failures else 0


def sync_in_process(engine, ids: list[str]) -> list[str]:
    """Sync each customer now; returns the ids whose sync failed (their cards say why)."""
    from budget_sync.pipeline import SyncFailed, run_sync

    failed = []
    for customer_id in ids:
        try:
            run_sync(engine, customer_id, trigger="demo")
        except SyncFailed:
            failed.append(customer_id)
    return failed


def sync_through_dagster(ids: list[str]) -> list[str]:
    """Materialize the customers' partitions through Dagster (issue 4); returns the failed ids."""
    from budget_sync.defs.demo_run import materialize_customers

    return materialize_customers(ids)


def status_card(engine, config) -> list[str]:
    """The customer's last sync as the product's status card shows it."""
    from budget_sync.store.customers import get_status
    from budget_sync.store.syncs import history

    rows = history(engine, config.id, limit=1)
    head = f"[{config.id}] {config.name}  ({config.source_type} source, {config.sync_frequency})"
    if not rows:
        return [head, "  never synced"]
    last = rows[0]
    status = STATUS_WORDS.get(last["status"], last["status"])
    lines = [head, f"  last sync: {status}"]
    if last.get("error"):
        lines.append(f"  error: {last['error']}")
        lines.append("  budget checks keep using the data of the last good sync")
    lines.append(
        f"  budgets synced {last['total']} | created {last['created']} | updated {last['updated']} | "
        f"unchanged {last['unchanged']} | removed {last['removed']} | rejected {last['rejected']}"
    )
    synced = get_status(engine, config.id).get("last_synced_at")
    lines.append(f"  last synced: {synced:%Y-%m-%d %H:%M:%S} UTC" if synced else "  last synced: never")
    if last.get("source_file"):
        lines.append(f"  file: {last['source_file'].rsplit('/', 1)[-1]}")
    return lines


def budget_check_example(engine) -> list[str]:
    from budget_sync.store.check import check_budget

    ex = CHECK_EXAMPLE
    check = check_budget(
        engine,
        ex["customer_id"],
        ex["department"],
        ex["amount"],
        fiscal_period=ex["fiscal_period"],
        sub_category=ex["sub_category"],
    )
    return [
        f"budget check: can {ex['customer_id']} {ex['department']}/{ex['sub_category']} spend "
        f"{ex['amount']} in {ex['fiscal_period']}?",
        f"  -> {check.status}: budgeted {check.budgeted}, committed {check.committed}, "
        f"reserved {check.reserved}, available {check.available} {check.currency}",
    ]


if __name__ == "__main__":
    sys.exit(run_demo(via_dagster="--dagster" in sys.argv[1:]))
