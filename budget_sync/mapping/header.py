"""Finding the header row below title blocks, notes and blank rows."""

from __future__ import annotations

from typing import Any

from budget_sync.mapping.amounts import parse_amount
from budget_sync.mapping.cells import clean_text, is_blank
from budget_sync.mapping.period_parser import period_in_header, read_period
from budget_sync.mapping.roles import header_scores

SCAN_ROWS = 40


def header_row_score(row: Any) -> float:
    """How much a row looks like a header: known header words and periods count, numbers count against."""
    known: float = 0
    texts = numbers = filled = 0
    first = None
    for index, cell in enumerate(row):
        if is_blank(cell):
            continue
        filled += 1
        first = index if first is None else first
        if isinstance(cell, bool):
            continue
        if isinstance(cell, int | float):
            if read_period(cell):
                known += 0.5
            else:
                numbers += 1
            continue
        text = clean_text(cell)
        if not isinstance(cell, str):
            known += 1 if read_period(cell) else 0
            continue
        if _is_number(text):
            numbers += 1
            continue
        if text.endswith(":"):
            continue  # 'Period:' labels a value in a parameter block, not a column
        texts += 1
        scores = header_scores(text)
        if scores and max(scores.values()) >= 0.75 or period_in_header(text):
            known += 1
    if filled == 1:
        # A lone 'Budget' over the amounts of an outline whose label column has no header; a lone
        # title in the first column is not a header.
        return 1.0 if known and first else 0.0
    if texts + known < 2:
        return 0.0
    return known * 2 + texts * 0.5 - numbers * 1.5


def _is_number(text: str) -> bool:
    try:
        parse_amount(text)
        return True
    except ValueError:
        return False


def find_header(rows: list[list[Any]]) -> int | None:
    """Index of the best header row among the first rows, or None when nothing looks like one."""
    best, best_score = None, 0.0
    for index, row in enumerate(rows[:SCAN_ROWS]):
        score = header_row_score(row)
        if score > best_score and _has_data_below(rows, index):
            best, best_score = index, score
    return best


def _has_data_below(rows: list[list[Any]], index: int) -> bool:
    for row in rows[index + 1 : index + 30]:
        for cell in row:
            if isinstance(cell, int | float) and not isinstance(cell, bool):
                return True
            if isinstance(cell, str) and cell.strip() and _is_number(cell.strip()):
                return True
    return False
