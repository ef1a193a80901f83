"""`budget-sync notifications [CUSTOMER]`: the in-app notifications the spend app shows (sync failures,
large removals, over-commitment), and `--mark-read ID`."""

from __future__ import annotations

import json


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "notifications",
        help="list in-app notifications, or mark one read",
        description="List the notifications of CUSTOMER (or of every customer), newest first, or mark one "
        "read with --mark-read ID. Exit 2 for an unknown customer or notification.",
    )
    parser.add_argument("customer", nargs="?", help="customer id (default: every customer)")
    parser.add_argument("--unread", action="store_true", help="only notifications not yet read")
    parser.add_argument("--mark-read", type=int, metavar="ID", help="mark notification ID read")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    from budget_sync.errors import ConfigError
    from budget_sync.service.status import notification_json
    from budget_sync.store.customers import get_customer
    from budget_sync.store.db import ready_engine
    from budget_sync.store.notifications import get_notification, list_notifications, mark_read

    engine = ready_engine()
    if args.mark_read is not None:
        found = get_notification(engine, args.mark_read)
        if found is None or (args.customer and found["customer_id"] != args.customer):
            raise ConfigError(f"notification {args.mark_read} not found")
        marked = mark_read(engine, args.mark_read)
        if marked is None:
            raise ConfigError(f"notification {args.mark_read} not found")
        row = notification_json(marked)
        print(json.dumps(row, indent=2) if args.json else f"notification {row['id']} read at {row['readAt']}")
        return 0
    if args.customer and get_customer(engine, args.customer) is None:
        raise ConfigError(f"customer '{args.customer}' is not registered")
    rows = [notification_json(r) for r in list_notifications(engine, args.customer, args.unread)]
    if args.json:
        print(json.dumps({"notifications": rows}, indent=2))
    else:
        print("\n".join(plain_lines(rows)))
    return 0


def plain_lines(rows: list[dict]) -> list[str]:
    if not rows:
        return ["no notifications"]
    lines = []
    for row in rows:
        state = "unread" if row["readAt"] is None else "read"
        when = (row["createdAt"] or "")[:19].replace("T", " ")
        lines.append(
            f"#{row['id']} {when} {row['customerId']} {row['level'].upper()} ({state}): {row['title']}"
        )
        lines += [f"  {line}" for line in row["body"].splitlines()]
    return lines
