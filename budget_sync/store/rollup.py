"""Period roll-up for `check_budget`, used only when no budget has exactly the asked fiscal period.

1. The narrowest budget whose period contains the whole asked period answers: `2025-02` against a
   quarterly budget uses that quarter (`FY2025-Q1` with a January fiscal year), against a yearly one the year.
2. Otherwise the budgets inside the asked period are summed: `FY2025` over quarterly or monthly budgets.
   Each amount is counted once: a budget inside another contained budget of the same sub-category (a month
   of a quarter that is budgeted too) is left out.
The sub-category rules are the check's own (`check.choose`), and a summed over-committed sub-category
still refuses. The reason says which budgets answered.

On PostgreSQL the roll-up is one prepared statement (`roll_up_statement`) run right after the check's own
query on the same connection: the customer's fiscal year start month is looked up inside it and picks the
asked period's bounds from the twelve passed along; the HTTP service's asynchronous path runs the same
statement (`service.pg_checks`). SQLite uses the two Core queries of `roll_up` in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from budget_sync.periods import period_bounds
from budget_sync.store.check_query import Statement
from budget_sync.store.db import transaction
from budget_sync.store.schema import budget_sources, budget_utilization, budgets

if TYPE_CHECKING:
    from budget_sync.store.check import BudgetCheck


def roll_up(
    db: Any,
    customer_id: str,
    department: str,
    sub: str,
    period: str,
    amount: Decimal,
    decide: Callable[..., BudgetCheck],
    summarize: Callable[..., BudgetCheck],
) -> BudgetCheck:
    with transaction(db) as conn:
        fy_month = conn.execute(
            sa.select(budget_sources.c.fiscal_year_start_month).where(
                budget_sources.c.customer_id == customer_id
            )
        ).scalar()
        start, end = period_bounds(period, fy_month or 1)
        rows = _rows(conn, customer_id, department, sub, start, end)
    return rolled_up(rows, start, end, sub, period, amount, decide, summarize)


def rolled_up(
    rows: list[Any],
    start: date,
    end: date,
    sub: str,
    period: str,
    amount: Decimal,
    decide: Callable[..., BudgetCheck],
    summarize: Callable[..., BudgetCheck],
) -> BudgetCheck:
    """The roll-up's answer from the overlapping budgets (`as_rows` of `_rows` or of `overlap_by_fy_sql`'s rows)."""
    from budget_sync.store.check import choose

    containing = [r for r in rows if r.start <= start and r.end >= end]
    if containing:
        chosen = choose([r.row for r in containing], sub)
        narrowest = min(chosen, key=lambda r: _span(rows, r))
        picked = [r for r in chosen if r[0] == narrowest[0]]
        reason = f"no {period} budget; the budget of {narrowest[0]}, which contains it, answers"
        return summarize(picked, amount, narrowest[0], reason)
    inside = [r for r in rows if r.start >= start and r.end <= end]
    outermost = [
        r
        for r in inside
        if not any(o is not r and o.sub == r.sub and o.start <= r.start and o.end >= r.end for o in inside)
    ]
    if not outermost:
        return decide([], amount, sub)
    chosen = choose([r.row for r in outermost], sub)
    periods = sorted({r[0] for r in chosen})
    reason = f"no {period} budget; the sum of {', '.join(periods)}"
    return summarize(chosen, amount, period, reason)


class _Row:
    __slots__ = ("row", "start", "end", "sub")

    def __init__(self, row: tuple[Any, ...], start: date, end: date):
        self.row, self.start, self.end, self.sub = row, start, end, row[1]


def _span(rows: list[_Row], row: tuple[Any, ...]) -> int:
    found = next(r for r in rows if r.row is row)
    return (found.end - found.start).days


def _rows(conn: Any, customer_id: str, department: str, sub: str, start: date, end: date) -> list[_Row]:
    """Active budgets of the department overlapping [start, end], as the check query's row tuples."""
    query = (
        sa.select(
            budgets.c.fiscal_period,
            budgets.c.sub_category,
            budgets.c.currency,
            budgets.c.budgeted_amount,
            budget_utilization.c.committed_amount,
            budget_utilization.c.reserved_amount,
            budget_sources.c.last_synced_at,
            budget_sources.c.sync_frequency,
            budgets.c.period_start,
            budgets.c.period_end,
        )
        .select_from(budgets)
        .outerjoin(budget_utilization, budget_utilization.c.budget_id == budgets.c.id)
        .outerjoin(budget_sources, budget_sources.c.customer_id == budgets.c.customer_id)
        .where(
            budgets.c.customer_id == customer_id,
            budgets.c.department == department,
            budgets.c.removed_from_source_at.is_(None),
            budgets.c.period_start <= end,
            budgets.c.period_end >= start,
        )
    )
    if sub:
        query = query.where(budgets.c.sub_category.in_([sub, ""]))
    return as_rows(conn.execute(query))


def as_rows(raw: Any) -> list[_Row]:
    return [_Row(tuple(r[:8]), r[8], r[9]) for r in raw]


_FY_MONTH = (
    "(SELECT COALESCE((SELECT fiscal_year_start_month FROM budget_sources "
    "WHERE customer_id = (SELECT $1::text)), 1) AS m) f "
)


def overlap_by_fy_sql(with_sub: bool) -> str:
    """`roll_up` in one statement: the customer's fiscal year start month `m` (1 without a registry row)
    picks the asked period's bounds from $4 / $5, the starts and ends for start months 1..12, and comes
    back as an eleventh column (customer, department, sub, starts, ends) = $1..$5. Parameters go in as
    initplans, as in `check_query.check_sql`: always the generic plan."""
    start, end = "((SELECT $4::date[]))[f.m]", "((SELECT $5::date[]))[f.m]"
    return (
        "SELECT b.fiscal_period, b.sub_category, b.currency, b.budgeted_amount, "
        "u.committed_amount, u.reserved_amount, s.last_synced_at, s.sync_frequency, "
        f"b.period_start, b.period_end, f.m FROM {_FY_MONTH}JOIN budgets b ON true "
        "LEFT JOIN budget_utilization u ON u.budget_id = b.id "
        "LEFT JOIN budget_sources s ON s.customer_id = b.customer_id "
        "WHERE b.customer_id = (SELECT $1::text) AND b.department = (SELECT $2::text) "
        f"AND b.removed_from_source_at IS NULL AND b.period_start <= {end} AND b.period_end >= {start}"
        + (" AND b.sub_category IN ((SELECT $3::text), '')" if with_sub else "")
    )


@lru_cache(maxsize=256)
def _bounds_by_start_month(period: str) -> tuple[str, str]:
    """The starts and the ends for start months 1..12 as `date[]` literals: the driver adapts a list of
    24 dates one by one (~115 us a roll-up), one text it only quotes."""
    bounds = [period_bounds(period, month) for month in range(1, 13)]
    return (
        "{" + ",".join(b[0].isoformat() for b in bounds) + "}",
        "{" + ",".join(b[1].isoformat() for b in bounds) + "}",
    )


def roll_up_statement(customer_id: str, department: str, sub: str, period: str) -> Statement:
    """The prepared statement (`check_query.Statement`) that fetches a roll-up's rows in one round trip."""
    starts, ends = _bounds_by_start_month(period)
    name = f"budget_sync_rollup_fy_{int(bool(sub))}"
    prepare = f"(text, text, text, date[], date[]) AS {overlap_by_fy_sql(bool(sub))}"
    return name, prepare, (customer_id, department, sub, starts, ends)


def rolled_up_by_fy(
    raw: list[tuple[Any, ...]],
    sub: str,
    period: str,
    amount: Decimal,
    decide: Callable[..., BudgetCheck],
    summarize: Callable[..., BudgetCheck],
) -> BudgetCheck:
    """The answer from the rows of `roll_up_statement`."""
    if not raw:
        return decide([], amount, sub)
    start, end = period_bounds(period, raw[0][10])
    return rolled_up(as_rows(raw), start, end, sub, period, amount, decide, summarize)
