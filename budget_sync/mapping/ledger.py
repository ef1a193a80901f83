"""A period column of dates on many different days is a ledger of transactions, not budget periods.

Budgets by month are dated on the first or last day of the month ('2025-01-01', '2025-01-31'); payment or
receipt lists carry the day each one happened ('2014-12-30', '2014-12-17'). A plain 'Name | Date | Amount'
transaction list would otherwise map cleanly and put payments in as budgets, so such a column keeps the
period role only at 0.5 and the file is refused unless the mapping names the column.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Any

from budget_sync.mapping.plan import Plan

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
SAMPLE = 400
MIN_DAYS = 5


def _day(cell: Any) -> date | None:
    if isinstance(cell, date):
        return cell.date() if isinstance(cell, datetime) else cell
    if not isinstance(cell, str):
        return None
    text = cell.strip()
    m = _ISO.match(text)
    parts = (int(m[1]), int(m[2]), int(m[3])) if m else None
    if parts is None:
        m = _DOTTED.match(text)
        parts = (int(m[3]), int(m[2]), int(m[1])) if m else None
    try:
        return date(*parts) if parts else None
    except ValueError:
        return None


def mid_month_days(rows: list[list[Any]], index: int) -> tuple[int, int]:
    """(distinct dates that are neither the first nor the last of their month, dates seen)."""
    seen, mid = 0, set()
    for row in rows[:SAMPLE]:
        day = _day(row[index]) if index < len(row) else None
        if day is None:
            continue
        seen += 1
        if day.day not in (1, calendar.monthrange(day.year, day.month)[1]):
            mid.add(day)
    return len(mid), seen


def flag_transaction_dates(plan: Plan, data: list[list[Any]]) -> None:
    index = plan.roles.get("fiscal_period")
    if index is None or plan.columns[index].reason == "set in config":
        return
    mid, seen = mid_month_days(data, index)
    if mid >= MIN_DAYS and mid * 10 >= seen * 3:
        col = plan.columns[index]
        col.confidence = min(col.confidence, 0.5)
        col.reason = f"dates on {mid} different days of the month: transactions, not budget periods"
        plan.notes.append(f"column '{col.header}' {col.reason}")
