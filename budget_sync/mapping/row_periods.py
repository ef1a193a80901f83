"""The fiscal period of one row in a long layout: a period column, year + month/quarter columns,
or the sheet's default period. Blank period cells repeat the period above (merged cells)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from budget_sync.mapping.cells import clean_text
from budget_sync.mapping.period_parser import PeriodParts, canonical, read_period

if TYPE_CHECKING:
    from budget_sync.mapping.plan import Plan


class RowPeriods:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.period_i = plan.column("fiscal_period")
        self.year_i = plan.column("year")
        self.month_i = plan.column("month")
        self.quarter_i = plan.column("quarter")
        self.headers = {c.index: c.header for c in plan.columns}
        self.last: dict[int, object] = {}
        self.cache: dict[object, str | None] = {}

    def _value(self, row: list[Any], index: int) -> Any:
        value = row[index] if index < len(row) else None
        if value is None or (type(value) is str and not value.strip()):
            return self.last.get(index)
        self.last[index] = value
        return value

    def for_row(self, row: list[Any]) -> tuple[str | None, str | None]:
        """(canonical period or None, problem or None)."""
        plan = self.plan
        if self.period_i is not None:
            value = self._value(row, self.period_i)
            if value is None:
                return None, f"no period in column '{self.headers[self.period_i]}'"
            period = self._parse(value, self._row_year(row) or plan.fiscal_year)
            if period is None:
                return (
                    None,
                    f"period '{clean_text(value)}' in column '{self.headers[self.period_i]}' is not a fiscal period",
                )
            return period, None
        if self.year_i is not None:
            return self._year_based(row)
        return plan.default_period, None

    def _row_year(self, row: list[Any]) -> int | None:
        """The year column beside a period column completes 'P01' or 'Jan'."""
        if self.year_i is None:
            return None
        raw = self._value(row, self.year_i)
        parts = read_period(raw) if raw is not None else None
        return parts.year if parts and parts.kind == "year" else None

    def _parse(self, value: Any, fiscal_year: int | None) -> str | None:
        key = (value, fiscal_year)
        if key not in self.cache:
            parts = read_period(value)
            self.cache[key] = canonical(parts, fiscal_year, self.plan.fy_start_month) if parts else None
        return self.cache[key]

    def _year_based(self, row: list[Any]) -> tuple[str | None, str | None]:
        if self.year_i is None:
            return None, "no year column"
        raw_year = self._value(row, self.year_i)
        parts = read_period(raw_year) if raw_year is not None else None
        if not parts or parts.kind != "year":
            return (
                None,
                f"year '{clean_text(raw_year)}' in column '{self.headers[self.year_i]}' is not a year",
            )
        for index in (self.month_i, self.quarter_i):
            if index is None:
                continue
            raw = self._value(row, index)
            if raw is None:
                return None, f"no value in column '{self.headers[index]}'"
            sub = _month_or_quarter(raw)
            if sub is None:
                return (
                    None,
                    f"'{clean_text(raw)}' in column '{self.headers[index]}' is not a month or quarter",
                )
            return canonical(sub, parts.year, self.plan.fy_start_month), None
        return f"FY{parts.year}", None


def _month_or_quarter(value: Any) -> PeriodParts | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value in range(1, 13):
        return PeriodParts("month", None, int(value))
    text = clean_text(value)
    if text.isdecimal() and 1 <= int(text) <= 12:
        return PeriodParts("month", None, int(text))
    parts = read_period(text)
    if parts and parts.kind in ("month", "quarter", "period"):
        return PeriodParts(parts.kind, None, parts.index)
    return None
