"""Period spellings to canonical periods (FY2025, FY2025-Q1, 2025-01).

`read_period` splits a cell into (kind, year, index) where year may be unknown (`Jan`, `Q1`, `P01`);
`canonical` completes it with a fiscal year taken from config, a title line or a header.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, NamedTuple

MIN_YEAR, MAX_YEAR = 1900, 2100  # text years; a bare number is a year only from 1990 (else an amount)
_MONTH_WORDS = {
    1: "jan january januar janvier janv enero ene gennaio gen januari janeiro",
    2: "feb february februar février fevrier févr fevr febrero febbraio februari fevereiro fev",
    3: "mar march märz maerz mär mars marzo maart mrt março marco",
    4: "apr april avril avr abril abr aprile",
    5: "may mai mayo maggio mag mei maio",
    6: "jun june juni juin junio giugno giu junho",
    7: "jul july juli juillet juil julio luglio lug julho",
    8: "aug august août aout agosto ago augustus",
    9: "sep sept september septembre septiembre setiembre settembre set setembro",
    10: "oct october oktober okt octobre octubre ottobre ott outubro out",
    11: "nov november novembre noviembre novembro",
    12: "dec december dezember dez décembre decembre déc diciembre dic dicembre dezembro",
}
_MONTH_INDEX = {word: month for month, words in _MONTH_WORDS.items() for word in words.split()}
_MONTH_NAMES = "|".join(sorted(_MONTH_INDEX, key=len, reverse=True))
_Y = r"(?:fy\s*[-']?\s*)?'?(\d{4}|\d{2})"
_PATTERNS = [
    ("year", re.compile(r"^(?:fy|fiscal\s+year|fiscal|year)\s*[-']?\s*(\d{4}|\d{2})$")),
    ("year", re.compile(r"^(\d{4})$")),
    ("span", re.compile(r"^(?:fy|fiscal\s+year)\s*[-']?\s*'?(\d{2})\s*[-/]\s*(\d{2})$")),
    ("month_cn", re.compile(r"^(?:(\d{4})\s*年\s*)?(0?[1-9]|1[0-2])\s*月(?:份)?$")),
    ("quarter", re.compile(rf"^q(?:tr|uarter)?\s*([1-4])\s*[-/ ,]?\s*{_Y}$")),
    ("quarter_rev", re.compile(r"^(?:fy\s*[-']?\s*)?(\d{4}|\d{2})\s*[-/ ]?\s*q(?:tr|uarter)?\s*([1-4])$")),
    ("quarter", re.compile(r"^(?:q|qtr|quarter)\s*([1-4])()$")),
    ("quarter", re.compile(r"^([1-4])(?:st|nd|rd|th)\s+quarter()$")),
    ("month", re.compile(rf"^({_MONTH_NAMES})\.?\s*[-/ ,']?\s*(\d{{4}}|\d{{2}})?$")),
    ("month_rev", re.compile(rf"^(\d{{4}})\s*[-/ ]?\s*({_MONTH_NAMES})\.?$")),
    ("month_iso", re.compile(r"^(\d{4})[-/](0?[1-9]|1[0-2])$")),
    ("month", re.compile(r"^(0?[1-9]|1[0-2])[-/.](\d{4})$")),
    ("month_rev", re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-\d{2}(?:[ t].*)?$")),
    ("date", re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")),
    ("date_dmy", re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$")),
    ("period", re.compile(r"^(?:p|per|period)\s*[-.]?\s*(0?[1-9]|1[0-2])\s*[-/ ]?\s*" + _Y + "?$")),
    (
        "period_rev",
        re.compile(r"^(?:fy\s*[-']?\s*)?(\d{4}|\d{2})\s*[-/ ]?\s*(?:p|per|period)\s*(0?[1-9]|1[0-2])$"),
    ),
    ("span", re.compile(r"^(?:fy|fiscal\s+year)?\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")),
]


class PeriodParts(NamedTuple):
    kind: str  # "year" | "quarter" | "month" | "period" (P01..P12: month of the fiscal year)
    year: int | None
    index: int | None  # type: ignore[assignment]  # shadows tuple.index, which no caller uses


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def read_period(value: Any) -> PeriodParts | None:
    """The parts of a period cell, or None when it is not a period."""
    if isinstance(value, datetime | date):
        return PeriodParts("month", value.year, value.month)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return (
            PeriodParts("year", int(value), None) if 1990 <= value <= 2100 and value == int(value) else None
        )
    text = " ".join(str(value).lower().replace("\u00a0", " ").split())
    if not text or len(text) > 24:
        return None
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        parts = _parts(kind, m) if m else None
        if parts and (parts.year is None or MIN_YEAR <= parts.year <= MAX_YEAR):
            return parts
    return None


def _parts(kind: str, m: re.Match[str]) -> PeriodParts | None:
    if kind == "year":
        year = _year(m[1])
        return PeriodParts("year", year, None) if year is not None and MIN_YEAR <= year <= MAX_YEAR else None
    if kind == "span":
        return _span(m[1], m[2])
    if kind == "quarter":
        return PeriodParts("quarter", _year(m[2]), int(m[1]))
    if kind == "quarter_rev":
        return PeriodParts("quarter", _year(m[1]), int(m[2]))
    if kind == "month":
        return PeriodParts("month", _year(m[2]), _month(m[1]))
    if kind == "month_iso":
        return _span(m[1], m[2]) if is_slash_span(m[0]) else PeriodParts("month", _year(m[1]), _month(m[2]))
    if kind == "month_cn":
        return PeriodParts("month", _year(m[1]), int(m[2]))
    if kind == "month_rev":
        return PeriodParts("month", _year(m[1]), _month(m[2]))
    if kind in ("date", "date_dmy"):
        first, second = int(m[1]), int(m[2])
        month = second if first > 12 or kind == "date_dmy" else first
        return PeriodParts("month", _year(m[3]), month) if 1 <= month <= 12 else None
    if kind == "period":
        return PeriodParts("period", _year(m[2]), int(m[1]))
    if kind == "period_rev":
        return PeriodParts("period", _year(m[1]), int(m[2]))
    return None


_SLASH_SPAN = re.compile(r"^(\d{4})\s*/\s*(\d{2})$")


def is_slash_span(text: str) -> bool:
    """'2011/12' is the fiscal year 2011-12 (the UK and Australian spelling), not December 2011, which a
    slash writes month first ('12/2011'). '2011-12' with a hyphen stays the ISO month December 2011."""
    m = _SLASH_SPAN.match(str(text).strip())
    return m is not None and int(m[2]) == (int(m[1]) + 1) % 100


def _span(first: str, second: str) -> PeriodParts | None:
    """'2025/26', 'FY14-15' or 'FY 2025-2026': a fiscal year across two calendar years, named by the
    one it ends in."""
    start, end = _year(first), int(second)
    if start is None:
        return None
    end = end if end >= 100 else start // 100 * 100 + end
    return PeriodParts("year", end, None) if end == start + 1 else None


def _month(text: str) -> int:
    return int(text) if text.isdecimal() else _MONTH_INDEX[text]


def canonical(parts: PeriodParts, fiscal_year: int | None = None, fy_start_month: int = 1) -> str | None:
    """The canonical period, or None when a needed year is unknown."""
    kind, year, index = parts
    if kind == "month" and year is not None and index is not None:
        return f"{year:04d}-{index:02d}"
    if kind in ("month", "period"):
        fy = year if year is not None else fiscal_year
        if fy is None or index is None:
            return None
        month = index if kind == "month" else (fy_start_month - 1 + index - 1) % 12 + 1
        calendar_year = fy if fy_start_month == 1 or month < fy_start_month else fy - 1
        return f"{calendar_year:04d}-{month:02d}"
    year = year if year is not None else fiscal_year
    if year is None:
        return None
    return f"FY{year}" if kind == "year" else f"FY{year}-Q{index}"


def parse_period(value: Any, *, fiscal_year: int | None = None, fy_start_month: int = 1) -> str | None:
    """Canonical period of a cell, or None when it is not one (or its year is unknown)."""
    parts = read_period(value)
    return canonical(parts, fiscal_year, fy_start_month) if parts else None


_TITLE_FY = re.compile(r"\b(?:fy|fiscal\s+year|fiscal)\s*[-']?\s*(\d{4}|\d{2})\b", re.I)
_TITLE_SPAN = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/]\s*(\d{2}|\d{4})(?![\d-])")
_TITLE_FY_SPAN = re.compile(r"\bfy\s*[-']?\s*(\d{2})\s*[-/]\s*(\d{2})(?![\d-])", re.I)
_TITLE_YEAR = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)")
_AMOUNT_WORDS = re.compile(
    r"\b(budget(?:ed)?|plan(?:ned)?|amount|amt|value|total|approved|original|revised|final|opex|capex|spend|"
    r"proposed|requested|request|adopted|recommended|enacted)\b",
    re.I,
)
_DECOR = re.compile(r"\(.*?\)|\[.*?\]|[:|]")


def year_in_text(text: str) -> int | None:
    """A fiscal year named in a title line or header ('FY2025 Budget', 'Budget 2025/26'), if any."""
    for pattern in (_TITLE_SPAN, _TITLE_FY_SPAN):
        m = pattern.search(text)
        if m and (span := _span(m[1], m[2])):
            return span.year
    m = _TITLE_FY.search(text)
    if m:
        return _year(m[1])
    m = _TITLE_YEAR.search(text)
    return int(m[1]) if m else None


def period_in_header(text: str) -> PeriodParts | None:
    """A period named inside a longer header such as 'FY2025 Budget' or 'Jan-25 Plan ($K)'."""
    parts = read_period(text)
    if parts:
        return parts
    stripped = _AMOUNT_WORDS.sub(" ", _DECOR.sub(" ", str(text)))
    stripped = " ".join(stripped.split()).strip(" -–:,")
    if stripped and stripped != str(text).strip():
        parts = read_period(stripped)
        return parts
    return None
