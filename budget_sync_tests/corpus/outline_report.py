"""A larger NetSuite-style budget report: departments as outline headings, accounts below, months as
columns, 'Total - <department>' subtotal rows, a total column and a grand total row."""

from __future__ import annotations

import random
from decimal import Decimal

from budget_sync_tests.corpus.writers import write_case, write_text

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DEPARTMENTS = ["Sales", "Marketing", "Engineering", "Product", "Support", "Finance", "Legal", "People"]
ACCOUNTS = [
    "6000 - Payroll",
    "6100 - Travel",
    "6200 - Software",
    "6300 - Contractors",
    "6400 - Rent",
    "6500 - Other",
]


def money(value: Decimal) -> str:
    text = f"${abs(value):,.2f}"
    return f"({text})" if value < 0 else text


def netsuite_budget_report() -> None:
    rng = random.Random(7)
    rows = [["Acme Inc."], ["Budget by Department"], ["January 2025 - December 2025"], []]
    rows.append(["Financial Row", *[f"{m} 2025" for m in MONTHS], "Total"])
    budgets = []
    grand = [Decimal(0)] * 12
    for dept in DEPARTMENTS:
        rows.append([dept])
        subtotal = [Decimal(0)] * 12
        for account in ACCOUNTS:
            values = [Decimal(rng.randrange(0, 400)) * 50 for _ in MONTHS]
            if account.endswith("Other"):
                values[5] = Decimal(-1250)  # a credit expected in June
            rows.append([f"   {account}", *[money(v) for v in values], money(sum(values))])
            for m, v in enumerate(values, start=1):
                budgets.append((dept, account, f"2025-{m:02d}", f"{v:.2f}", "USD"))
            subtotal = [s + v for s, v in zip(subtotal, values, strict=True)]
        rows.append([f"Total - {dept}", *[money(v) for v in subtotal], money(sum(subtotal))])
        grand = [g + v for g, v in zip(grand, subtotal, strict=True)]
    rows.append(["Total Expense", *[money(v) for v in grand], money(sum(grand))])
    write_text("netsuite_budget_report.csv", rows)
    write_case(
        "netsuite_budget_report",
        "netsuite_budget_report.csv",
        budgets,
        config={"sub_category": "Financial Row"},
        control_balanced=True,
        reported=[5 + 8 * (i + 1) for i in range(len(DEPARTMENTS))] + [70],
        note="576 budgets: outline headings, indented accounts, '$' and '(...)' amounts, 'Total - Dept' "
        "subtotals, a Total column and a 'Total Expense' row; all totals reconcile. NetSuite's 'Financial Row' "
        "header says nothing, so the config names it as the account column.",
    )
