"""What a column's values look like (numbers, periods, currency codes, text), from a sample of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from budget_sync.mapping.amounts import AmountError, is_error_cell, looks_decimal_comma, parse_amount
from budget_sync.mapping.currencies import CODES
from budget_sync.mapping.period_parser import read_period

SAMPLE_ROWS = 400


@dataclass
class Profile:
    filled: int = 0
    numbers: int = 0
    periods: int = 0
    years: int = 0
    months: int = 0
    codes: int = 0
    texts: int = 0
    indented: int = 0
    comma_votes: int = 0
    dot_votes: int = 0
    grouped: int = 0

    def share(self, count: int) -> float:
        return count / self.filled if self.filled else 0.0


def profile_columns(rows: list[list[Any]], width: int) -> list[Profile]:
    profiles = [Profile() for _ in range(width)]
    for row in rows[:SAMPLE_ROWS]:
        for index, cell in enumerate(row[:width]):
            if cell is None or cell == "":
                continue
            _observe(profiles[index], cell)
    return profiles


def _observe(p: Profile, cell: Any) -> None:
    if isinstance(cell, bool):
        return
    if isinstance(cell, date):
        p.filled += 1
        p.periods += 1
        return
    if isinstance(cell, int | float):
        p.filled += 1
        p.numbers += 1
        if cell == cell and abs(cell) < 1e15 and cell == int(cell):
            if 1990 <= cell <= 2100:
                p.years += 1
            if 1 <= cell <= 12:
                p.months += 1
        return
    text = str(cell).strip()
    if text and cell[:1].isspace():
        p.indented += 1
    if not text:
        return
    p.filled += 1
    if is_error_cell(text):
        p.numbers += 1
        return
    if text.isdecimal():
        p.filled -= 1  # counted again as a number
        _observe(p, int(text))
        return
    parts = read_period(text)
    if parts:
        p.periods += 1
        if parts.kind == "year":
            p.years += 1
        if parts.kind == "month" and parts.year is None:
            p.months += 1
        return
    if text.endswith("%"):
        return  # a share such as 43.8%: neither an amount nor a label
    if text.upper() in CODES:
        p.codes += 1
        return
    try:
        parse_amount(text)
    except AmountError:
        p.texts += 1
        return
    p.numbers += 1
    vote = looks_decimal_comma(text)
    if vote is True:
        p.comma_votes += 1
    elif vote is False:
        p.dot_votes += 1
    elif "." in text and "," not in text:
        p.grouped += 1  # '12.500': a thousands dot or three decimals
