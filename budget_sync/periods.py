"""Canonical fiscal periods and their dates.

Canonical forms: ``FY2025`` (fiscal year), ``FY2025-Q1`` (fiscal quarter), ``2025-01`` (calendar month).
A fiscal year is named by the calendar year in which it ends, so with ``fiscal_year_start_month=4``
FY2025 runs from 2024-04-01 to 2025-03-31 and FY2025-Q1 is April to June 2024.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_FY = re.compile(r"^FY(\d{4})$")
_FQ = re.compile(r"^FY(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def is_canonical(period: str) -> bool:
    return bool(_FY.match(period) or _FQ.match(period) or _MONTH.match(period))


def _start_month(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise ValueError(f"fiscal_year_start_month must be a month from 1 to 12, got {value!r}")
    return value


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_bounds(period: str, fiscal_year_start_month: int = 1) -> tuple[date, date]:
    """First and last day of a canonical period. Raises ValueError for anything else."""
    start_month = _start_month(fiscal_year_start_month)
    if m := _MONTH.match(period):
        year, month = int(m[1]), int(m[2])
        return date(year, month, 1), _month_end(year, month)
    if m := _FY.match(period):
        fy, first, months = int(m[1]), 0, 12
    elif m := _FQ.match(period):
        fy, first, months = int(m[1]), (int(m[2]) - 1) * 3, 3
    else:
        raise ValueError(f"'{period}' is not a canonical fiscal period (FY2025, FY2025-Q1 or 2025-01)")
    start_year = fy if start_month == 1 else fy - 1
    y, mo = _add_months(start_year, start_month, first)
    ey, emo = _add_months(y, mo, months - 1)
    return date(y, mo, 1), _month_end(ey, emo)


def period_containing(on: date, kind: str, fiscal_year_start_month: int = 1) -> str:
    """The canonical period of the given kind ('month', 'quarter' or 'year') that contains a date."""
    fiscal_year_start_month = _start_month(fiscal_year_start_month)
    if kind == "month":
        return f"{on.year:04d}-{on.month:02d}"
    offset = (on.month - fiscal_year_start_month) % 12
    fy_start_year = on.year if on.month >= fiscal_year_start_month else on.year - 1
    fy = fy_start_year if fiscal_year_start_month == 1 else fy_start_year + 1
    if kind == "year":
        return f"FY{fy}"
    if kind == "quarter":
        return f"FY{fy}-Q{offset // 3 + 1}"
    raise ValueError(f"unknown period kind '{kind}'")
