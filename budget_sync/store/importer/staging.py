"""Turn incoming budgets (Budget objects or mappings) into validated, de-duplicated rows and rejections.

Everything here is plain Python shared by the PostgreSQL and SQLite paths. Keys are
(department, sub_category, fiscal_period) with names trimmed and inner whitespace collapsed, case kept, and
'' for "no sub-category". A key that appears twice with different values is rejected on every row it
appears on; the same values twice are kept once. Keys seen on rejected rows are "protected": a full export
that contains them, even unreadably, does not soft-remove the budget already stored under them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from budget_sync.models import Budget, Rejection
from budget_sync.periods import is_canonical, period_bounds
from budget_sync.store.money import MoneyError, to_money

MAX_NAME = 200
CURRENCY = re.compile(r"^[A-Z]{3}$")
Key = tuple[str, str, str]


@dataclass(slots=True)
class Row:
    department: str
    sub_category: str
    fiscal_period: str
    budgeted_amount: Decimal
    currency: str
    source_ref: str | None
    period_start: date
    period_end: date

    @property
    def key(self) -> Key:
        return (self.department, self.sub_category, self.fiscal_period)


@dataclass
class Prepared:
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    protected: set[Key] = field(default_factory=set)

    @property
    def periods(self) -> list[str]:
        """The fiscal periods this export covers: the scope of soft removal."""
        return sorted({row.fiscal_period for row in self.rows})


class _Rejected(Exception):
    def __init__(self, reason: str, key: Key | None = None):
        super().__init__(reason)
        self.reason, self.key = reason, key


def clean_name(value) -> str:
    """Trim and collapse inner whitespace, keep case. Numbers (department codes) become text."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Rejected(f"{value!r} is not text")
    return " ".join(value.split())


def prepare(
    budgets: Iterable, *, fiscal_year_start_month: int = 1, default_currency: str = "USD"
) -> Prepared:
    bounds: dict[str, tuple[date, date]] = {}
    kept: dict[Key, Row] = {}
    seen: dict[Key, list[tuple[int | None, str, Row]]] = {}
    conflicted: set[Key] = set()
    result = Prepared()
    for position, item in enumerate(budgets, start=1):
        row_number, label = _where(item, position)
        try:
            row = _row(item, bounds, fiscal_year_start_month, default_currency)
        except _Rejected as exc:
            result.rejected.append(Rejection(row_number, f"{label}: {exc.reason}"))
            if exc.key:
                result.protected.add(exc.key)
            continue
        seen.setdefault(row.key, []).append((row_number, label, row))
        first = kept.get(row.key)
        if first is None:
            kept[row.key] = row
        elif (first.budgeted_amount, first.currency) != (row.budgeted_amount, row.currency):
            conflicted.add(row.key)
    for key in conflicted:
        del kept[key]
        result.protected.add(key)
        entries = seen[key]
        values = ", ".join(sorted({f"{r.budgeted_amount} {r.currency}" for _, _, r in entries}))
        for row_number, label, _ in entries:
            reason = (
                f"{label}: {_describe(key)} appears {len(entries)} times with different values "
                f"({values}); none of them was imported"
            )
            result.rejected.append(Rejection(row_number, reason))
    result.rejected.sort(key=lambda r: (r.row is None, r.row or 0))
    result.rows = list(kept.values())
    return result


def _where(item, position: int) -> tuple[int | None, str]:
    ref = getattr(item, "source_ref", None) if not isinstance(item, Mapping) else item.get("source_ref")
    row = item.get("row") if isinstance(item, Mapping) else None
    label = f"budget #{position}" + (f" ({ref})" if ref else "")
    return (row if isinstance(row, int) else None), label


def _row(item, bounds, fy_start: int, default_currency: str) -> Row:
    if isinstance(item, Budget):
        fields = item.as_dict()
        fields["source_ref"] = item.source_ref
    elif isinstance(item, Mapping):
        fields = item
    else:
        raise _Rejected(f"expected a Budget or a mapping, got {type(item).__name__}")
    department = clean_name(fields.get("department"))
    sub_category = clean_name(fields.get("sub_category"))
    period = clean_name(fields.get("fiscal_period"))
    key = (department, sub_category, period) if department and period else None
    if not department:
        raise _Rejected("department is missing")
    if not period:
        raise _Rejected(f"fiscal period is missing for department '{department}'")
    if len(department) > MAX_NAME or len(sub_category) > MAX_NAME:
        raise _Rejected(f"department or sub-category is longer than {MAX_NAME} characters")
    if not is_canonical(period):
        raise _Rejected(f"fiscal period '{period}' is not canonical (use FY2025, FY2025-Q1 or 2025-01)", key)
    if "budgeted_amount" not in fields or fields["budgeted_amount"] is None:
        raise _Rejected(f"{_describe(key)} has no budgeted amount", key)
    try:
        amount = to_money(fields["budgeted_amount"])
    except MoneyError as exc:
        raise _Rejected(f"{_describe(key)}: {exc}", key) from None
    currency = fields.get("currency") or default_currency
    currency = currency.strip().upper() if isinstance(currency, str) else currency
    if not isinstance(currency, str) or not CURRENCY.match(currency):
        raise _Rejected(f"{_describe(key)}: currency {currency!r} is not a 3-letter ISO 4217 code", key)
    if period not in bounds:
        bounds[period] = period_bounds(period, fy_start)
    start, end = bounds[period]
    ref = fields.get("source_ref")
    return Row(department, sub_category, period, amount, currency, str(ref) if ref else None, start, end)


def _describe(key: Key) -> str:
    department, sub_category, period = key
    sub = f", sub-category '{sub_category}'" if sub_category else ""
    return f"department '{department}'{sub}, period '{period}'"
