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
from typing import Any, NamedTuple

from budget_sync.collector import collector_paused
from budget_sync.models import Budget, Rejection
from budget_sync.periods import is_canonical, period_bounds
from budget_sync.store.money import MoneyError, canonical, to_money

MAX_NAME = 200
CURRENCY = re.compile(r"^[A-Z]{3}$")
Key = tuple[str, str, str]


class Row(NamedTuple):
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
        return self[:3]


@dataclass
class Prepared:
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    protected: set[Key] = field(default_factory=set)

    @property
    def periods(self) -> list[str]:
        """The fiscal periods this export covers: the scope of soft removal."""
        return sorted({row.fiscal_period for row in self.rows})


__all__ = ["Prepared", "Row", "collector_paused", "prepare", "protect", "clean_name"]


class _Rejected(Exception):
    def __init__(self, reason: str, key: Key | None = None):
        super().__init__(reason)
        self.reason, self.key = reason, key


def clean_name(value: Any) -> str:
    """Trim and collapse inner whitespace, keep case. Numbers (department codes) become text."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Rejected(f"{value!r} is not text")
    return " ".join(value.split())


def protect(prepared: Prepared, keys: Iterable[tuple[str, str | None, str | None]]) -> None:
    """Add keys seen on rows rejected before the importer (by the mapping) to `prepared.protected`, names
    cleaned like the budgets' own; a None period stands for every period the export covers."""
    keys, periods = list(keys), prepared.periods
    stored = {row.key for row in prepared.rows} if keys else set()
    for department, sub_category, period in keys:
        names = (clean_name(department), clean_name(sub_category))
        if not names[0]:
            continue
        for each in [clean_name(period)] if period else periods:
            if (*names, each) not in stored:
                prepared.protected.add((*names, each))


def prepare(
    budgets: Iterable[Any], *, fiscal_year_start_month: int = 1, default_currency: str = "USD"
) -> Prepared:
    """Validate every item; the rows of a large export repeat a few names and periods, so each distinct
    name, period and currency is checked once (the memo dicts) and labels are built only for rejections."""
    memo = _Memo(fiscal_year_start_month, default_currency)
    kept: dict[Key, Row] = {}
    duplicates: dict[Key, list[tuple[int, Row]]] = {}
    items: list[Any] = []
    result = Prepared()
    for position, item in enumerate(budgets, start=1):
        items.append(item)
        try:
            row = _row(item, memo)
        except _Rejected as exc:
            result.rejected.append(_rejection(item, position, exc.reason))
            if exc.key:
                result.protected.add(exc.key)
            continue
        key = row[:3]
        if key not in kept:
            kept[key] = row
        else:
            duplicates.setdefault(key, []).append((position, row))
    first_seen = _first_positions(items, duplicates, memo) if duplicates else {}
    for key, extra in duplicates.items():
        first = kept[key]
        entries = [(first_seen[key], first), *extra]
        if len({(r.budgeted_amount, r.currency) for _, r in entries}) == 1:
            continue  # the same budget twice: keep one
        del kept[key]
        result.protected.add(key)
        values = ", ".join(sorted({f"{r.budgeted_amount} {r.currency}" for _, r in entries}))
        for position, _ in entries:
            reason = (
                f"{_describe(key)} appears {len(entries)} times with different values ({values}); "
                "none of them was imported"
            )
            result.rejected.append(_rejection(items[position - 1], position, reason))
    result.rejected.sort(key=lambda r: (r.row is None, r.row or 0))
    result.rows = list(kept.values())
    return result


def _first_positions(items: list[Any], duplicates: dict[Key, list[Any]], memo: _Memo) -> dict[Key, int]:
    """Where each repeated key first appeared: found again only when there are repeats, so a clean
    export keeps no position per row."""
    first: dict[Key, int] = {}
    for position, item in enumerate(items, start=1):
        try:
            key = _row(item, memo)[:3]
        except _Rejected:
            continue
        if key in duplicates and key not in first:
            first[key] = position
            if len(first) == len(duplicates):
                break
    return first


class _Memo:
    """Per-import caches of already validated names, periods (with their dates) and currencies."""

    def __init__(self, fy_start: int, default_currency: str):
        self.fy_start, self.default_currency = fy_start, default_currency
        self.names: dict[str, Any] = {}
        self.bounds: dict[str, tuple[date, date]] = {}
        self.currencies: set[str] = set()

    def name(self, value: Any) -> str:
        try:
            return str(self.names[value])
        except KeyError:
            cleaned = clean_name(value)
            if len(cleaned) > MAX_NAME:
                raise _Rejected(f"name '{cleaned[:40]}...' is longer than {MAX_NAME} characters") from None
            self.names[value] = cleaned
            return cleaned
        except TypeError:  # unhashable: certainly not a name
            raise _Rejected(f"{value!r} is not text") from None


def _rejection(item: Any, position: int, reason: str) -> Rejection:
    if isinstance(item, Mapping):
        ref, row = item.get("source_ref"), item.get("row")
    else:
        ref, row = getattr(item, "source_ref", None), None
    label = f"budget #{position}" + (f" ({ref})" if ref else "")
    return Rejection(
        row if isinstance(row, int) and not isinstance(row, bool) else None, f"{label}: {reason}"
    )


def _row(item: Any, memo: _Memo) -> Row:
    department: Any
    sub_category: Any
    period: Any
    raw_amount: Any
    currency: Any
    ref: Any
    if isinstance(item, Budget):
        department, sub_category, period = item.department, item.sub_category, item.fiscal_period
        raw_amount, currency, ref = item.budgeted_amount, item.currency, item.source_ref
        has_amount = True
    elif isinstance(item, Mapping):
        department, sub_category = item.get("department"), item.get("sub_category")
        period, raw_amount = item.get("fiscal_period"), item.get("budgeted_amount")
        currency, ref = item.get("currency"), item.get("source_ref")
        has_amount = raw_amount is not None
    else:
        raise _Rejected(f"expected a Budget or a mapping, got {type(item).__name__}")
    names = memo.names
    try:  # inline memo look-ups: this runs once per row of every export
        department = names[department] if department in names else memo.name(department)
        sub_category = names[sub_category] if sub_category in names else memo.name(sub_category)
        period = names[period] if period in names else memo.name(period)
    except TypeError:
        raise _Rejected("department, sub-category or period is not text") from None
    if not department:
        raise _Rejected("department is missing")
    if not period:
        raise _Rejected(f"fiscal period is missing for department '{department}'")
    key = (department, sub_category, period)
    bounds = memo.bounds.get(period)
    if bounds is None:
        if not is_canonical(period):
            raise _Rejected(
                f"fiscal period '{period}' is not canonical (use FY2025, FY2025-Q1 or 2025-01)", key
            )
        bounds = memo.bounds[period] = period_bounds(period, memo.fy_start)
    if not has_amount:
        raise _Rejected(f"{_describe(key)} has no budgeted amount", key)
    try:
        amount = canonical(raw_amount) if type(raw_amount) is Decimal else to_money(raw_amount)
    except MoneyError as exc:
        raise _Rejected(f"{_describe(key)}: {exc}", key) from None
    currency = currency or memo.default_currency
    if not isinstance(currency, str):
        raise _Rejected(f"{_describe(key)}: currency {currency!r} is not a 3-letter ISO 4217 code", key)
    if currency not in memo.currencies:
        code = currency.strip().upper()
        if not CURRENCY.match(code):
            raise _Rejected(f"{_describe(key)}: currency {currency!r} is not a 3-letter ISO 4217 code", key)
        if code != currency:
            currency = code
        else:
            memo.currencies.add(code)
    return Row(department, sub_category, period, amount, currency, str(ref) if ref else None, *bounds)


def _describe(key: Key) -> str:
    department, sub_category, period = key
    sub = f", sub-category '{sub_category}'" if sub_category else ""
    return f"department '{department}'{sub}, period '{period}'"
