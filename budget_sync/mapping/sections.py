"""Stacked tables: a section heading over each copy of the header ('Arduino Build' / Item | Cost ...).

In an outline (line items whose departments are the heading rows above them) the first table's heading
sits above the header row, among the title lines. It is taken as the first department only when the
sheet shows the pattern: a later copy of the header has a heading of the same shape right above it.
"""

from __future__ import annotations

from typing import Any

from budget_sync.mapping.cells import clean_text, is_blank
from budget_sync.mapping.period_parser import year_in_text
from budget_sync.mapping.totals import total_label


def first_section_heading(rows: list[list[Any]], header_index: int) -> str | None:
    if header_index == 0:
        return None
    header = [clean_text(c).lower() for c in rows[header_index]]
    first = _heading(rows[header_index - 1])
    if first is None:
        return None
    for i in range(header_index + 1, len(rows)):
        if [clean_text(c).lower() for c in rows[i]][: len(header)] == header and _heading(rows[i - 1]):
            return first
    return None


def _heading(row: list[Any]) -> str | None:
    """The one text cell of a row, when it reads as a heading (no year, not a total, not 'Label:')."""
    filled = [c for c in row if not is_blank(c)]
    if len(filled) != 1 or not isinstance(filled[0], str):
        return None
    text = clean_text(filled[0])
    if text.endswith(":") or year_in_text(text) or total_label(text, set()):
        return None
    return text
