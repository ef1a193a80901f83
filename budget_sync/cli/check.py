"""`budget-sync check CUSTOMER DEPARTMENT AMOUNT`: is there budget left for a purchase?"""

from __future__ import annotations

import json
from datetime import date

from budget_sync.errors import BudgetSyncError

EXIT_CODES = {"approved": 0, "over_budget": 1, "no_budget": 1}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check an amount against a customer's budget",
        description="Check whether AMOUNT (in the budget's currency) fits in the budget left for a "
        "department: budgeted minus committed minus reserved. Reads only the local database. "
        "Exit status: 0 approved, 1 over budget or no budget, 2 bad input.",
    )
    parser.add_argument("customer", metavar="CUSTOMER", help="customer id, e.g. acme")
    parser.add_argument(
        "department", metavar="DEPARTMENT", help="department name as in the budget (case matters)"
    )
    parser.add_argument("amount", metavar="AMOUNT", help="amount as a decimal number, e.g. 1200 or 1200.50")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--period", metavar="P", help="fiscal period: FY2025, FY2025-Q1 or 2025-01")
    when.add_argument(
        "--date",
        metavar="D",
        help="a date (YYYY-MM-DD): the narrowest budget period containing it (default today)",
    )
    parser.add_argument(
        "--sub-category", metavar="S", help="sub-category (default: the department as a whole)"
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object (amounts as decimal strings)"
    )
    parser.set_defaults(handler=handle_check)


def handle_check(args) -> int:
    from budget_sync.store.check import check_budget
    from budget_sync.store.db import ready_engine

    on_date = None
    if args.date:
        try:
            on_date = date.fromisoformat(args.date)
        except ValueError:
            raise BudgetSyncError(f"--date '{args.date}' is not a date like 2025-03-31") from None
    result = check_budget(
        ready_engine(),
        args.customer,
        args.department,
        args.amount,
        fiscal_period=args.period,
        on_date=on_date,
        sub_category=args.sub_category,
    )
    if args.json:
        print(
            json.dumps(
                {
                    "customer": args.customer,
                    "department": args.department,
                    "amount": args.amount,
                    **result.as_dict(),
                }
            )
        )
    else:
        print(_describe(args, result))
    return EXIT_CODES[result.status]


def _describe(args, result) -> str:
    what = args.department + (f" / {args.sub_category}" if args.sub_category else "")
    if result.status == "no_budget":
        return f"NO BUDGET  {args.customer}: {what}: {result.reason or 'no active budget matches'}"
    label = "APPROVED" if result.status == "approved" else "OVER BUDGET"
    lines = [
        f"{label}  {args.customer}: {what}, {result.fiscal_period}: {args.amount} {result.currency} requested",
        f"  budgeted  {result.budgeted:>18} {result.currency}",
        f"  committed {result.committed:>18}",
        f"  reserved  {result.reserved:>18}",
        f"  available {result.available:>18}",
    ]
    synced = result.last_synced_at.isoformat(timespec="seconds") if result.last_synced_at else "never"
    lines.append(
        f"  last synced {synced}"
        + ("  (STALE: the source has not synced for a while)" if result.stale else "")
    )
    return "\n".join(lines)
