"""Over-committed budgets: active budgets whose amount is below what the spend app already committed plus
reserved (available < 0). A sync that causes one lists it, warns, or (`block_overcommit`) is refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from budget_sync.store.db import transaction
from budget_sync.store.money import to_money
from budget_sync.store.schema import budget_utilization, budgets


def overcommitted(db: Engine | Connection, customer_id: str) -> list[dict[str, Any]]:
    """The customer's active budgets with committed + reserved above the budgeted amount, as JSON-ready
    dicts (amounts as decimal strings), ordered by department, sub-category and period. Compared in
    Decimal here, not in SQL, because SQLite keeps money as text."""
    query = (
        sa.select(
            budgets.c.department,
            budgets.c.sub_category,
            budgets.c.fiscal_period,
            budgets.c.currency,
            budgets.c.budgeted_amount,
            budget_utilization.c.committed_amount,
            budget_utilization.c.reserved_amount,
        )
        .join(budget_utilization, budget_utilization.c.budget_id == budgets.c.id)
        .where(budgets.c.customer_id == customer_id, budgets.c.removed_from_source_at.is_(None))
        .order_by(budgets.c.department, budgets.c.sub_category, budgets.c.fiscal_period)
    )
    found = []
    with transaction(db) as conn:
        for row in conn.execute(query):
            budgeted = to_money(row.budgeted_amount)
            used = to_money(row.committed_amount or Decimal(0)) + to_money(row.reserved_amount or Decimal(0))
            if used > budgeted:
                found.append(
                    {
                        "department": row.department,
                        "subCategory": row.sub_category or None,
                        "fiscalPeriod": row.fiscal_period,
                        "currency": row.currency,
                        "budgeted": format(budgeted, "f"),
                        "committed": format(to_money(row.committed_amount or 0), "f"),
                        "reserved": format(to_money(row.reserved_amount or 0), "f"),
                        "shortfall": format(used - budgeted, "f"),
                    }
                )
    return found


def describe_overcommitted(item: dict[str, Any]) -> str:
    """One over-committed budget in words, e.g. "Marketing / Ads FY2025-Q1: budget 9000.00 USD below
    committed + reserved 10000.00"."""
    name = item["department"] + (f" / {item['subCategory']}" if item["subCategory"] else "")
    used = to_money(item["committed"]) + to_money(item["reserved"])
    return (
        f"{name} {item['fiscalPeriod']}: budget {item['budgeted']} {item['currency']} below "
        f"committed + reserved {format(used, 'f')}"
    )
