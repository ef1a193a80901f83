"""`budget-sync history CUSTOMER`: the customer's sync history from the budget database (budget_syncs),
which every path writes: CLI, service, schedules, sensors and Materialize in the UI."""

from __future__ import annotations

import json


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "history",
        help="show a customer's recent syncs",
        description="List CUSTOMER's most recent syncs, newest first: when, status, counts, error, and "
        "when a failed attempt was retried. Exit 2 when the customer is not registered.",
    )
    parser.add_argument("customer", help="customer id as in the customers file")
    parser.add_argument("--limit", type=int, default=20, help="how many syncs (default 20)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    from budget_sync.errors import ConfigError
    from budget_sync.service.status import history_rows
    from budget_sync.store.customers import get_customer
    from budget_sync.store.db import ready_engine

    engine = ready_engine()
    if get_customer(engine, args.customer) is None:
        raise ConfigError(f"customer '{args.customer}' is not registered (see `budget-sync sources list`)")
    rows = history_rows(engine, args.customer, max(1, args.limit))
    if args.json:
        print(json.dumps({"customerId": args.customer, "syncs": rows}, indent=2))
    else:
        print("\n".join(plain_lines(args.customer, rows)))
    return 0


def plain_lines(customer_id: str, rows: list[dict]) -> list[str]:
    if not rows:
        return [f"{customer_id}: no syncs yet"]
    lines = [
        f"{'started (UTC)':<20} {'status':<11} {'trigger':<10} {'imported':>8} {'created':>7} "
        f"{'updated':>7} {'removed':>7} {'rejected':>8}"
    ]
    for row in rows:
        lines.append(
            f"{short(row['startedAt']):<20} {row['status']:<11} {row['trigger'] or '-':<10} "
            f"{row['budgetsImported']:>8} {row['budgetsCreated']:>7} {row['budgetsUpdated']:>7} "
            f"{row['budgetsRemoved']:>7} {row['rejected']:>8}"
        )
        if row["error"]:
            lines.append(f"  error: {row['error']}")
        if row["retriedAt"]:
            lines.append(f"  retried at {short(row['retriedAt'])} UTC")
        elif row["status"] in ("failed", "interrupted"):
            lines.append("  not retried yet")
    return lines


def short(iso_time: str | None) -> str:
    return iso_time[:19].replace("T", " ") if iso_time else "-"
