"""Small helpers on raw cells: blank tests, display text, column letters, title-line text."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def clean_text(cell: Any) -> str:
    """A cell as a person reads it: strings trimmed (NBSP as space), whole floats without '.0'."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return " ".join(cell.replace("\u00a0", " ").split())
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if not (cell.hour or cell.minute) else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def row_texts(row: Any) -> list[str]:
    return [t for t in (clean_text(c) for c in row) if t]


def non_blank_count(row: Any) -> int:
    return sum(1 for c in row if not is_blank(c))
