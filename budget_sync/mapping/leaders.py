"""Dotted leaders of printed reports: 'Salaries ........ 1,200', 'Allowances ..........'.

A leader is three or more dots (spaced or not) between a label and its number. It is layout, not part of
the name: labels lose it, a cell that is only a leader is blank, and a cell holding label, leader and
amount together is split into the label and the amount, the amount going into the blank cell to its
right (or a new last cell) so no other cell moves and error-cell positions stay true.
"""

from __future__ import annotations

import re
from typing import Any

from budget_sync.mapping.amounts import AmountError, parse_amount

_TRAILING = re.compile(r"\s*(?:\.\s*){3,}$")
_LEADING = re.compile(r"^(?:\.\s*){3,}")
_ONLY = re.compile(r"^[\s.…]*$")
_INLINE = re.compile(r"^(.*?[^\s.])\s*(?:\.\s*){3,}\s*([^\s.].*)$")


def strip_leaders(text: str) -> str:
    """'Salaries ........' -> 'Salaries' (text already has single spaces)."""
    if "..." not in text and ". . ." not in text:
        return text
    return _LEADING.sub("", _TRAILING.sub("", text)).strip()


def split_leader_cells(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows with leader-only cells blanked and 'label .... amount' cells split; other rows unchanged.
    Cells are split only when at least two rows have one (a printed report), so a lone name such as
    'Grants ... 2025' is never read as an amount."""
    blanks: list[tuple[int, int]] = []
    splits: list[tuple[int, int, str, str]] = []
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if type(cell) is not str or (".." not in cell and ". ." not in cell):
                continue
            if _ONLY.match(cell):
                blanks.append((i, j))
                continue
            m = _INLINE.match(cell.strip())
            right = row[j + 1] if j + 1 < len(row) else ""
            if m is not None and right in ("", None) and _is_amount(m[2]):
                splits.append((i, j, m[1], m[2]))
    if len(splits) < 2:
        splits = []
    if not blanks and not splits:
        return rows
    out = list(rows)
    changed: set[int] = set()

    def editable(i: int) -> list[Any]:
        if i not in changed:
            out[i] = list(rows[i])
            changed.add(i)
        return out[i]

    for i, j in blanks:
        editable(i)[j] = ""
    target = _amount_column(rows)
    for i, j, label, amount in splits:
        new = editable(i)
        new[j] = label
        k = target if target is not None and target > j and _blank_between(new, j, target) else j + 1
        new.extend([""] * (k + 1 - len(new)))
        new[k] = amount
    return out


def _amount_column(rows: list[list[Any]]) -> int | None:
    """The column where most rows of the sheet hold their last number: where a split amount belongs."""
    counts: dict[int, int] = {}
    for row in rows[:400]:
        for j in range(len(row) - 1, -1, -1):
            cell = row[j]
            if type(cell) in (int, float) or (type(cell) is str and cell.strip() and _is_amount(cell)):
                counts[j] = counts.get(j, 0) + 1
                break
    return max(counts, key=lambda j: counts[j]) if counts else None


def _blank_between(row: list[Any], j: int, target: int) -> bool:
    return all(k >= len(row) or row[k] in ("", None) for k in range(j + 1, target + 1))


def _is_amount(text: str) -> bool:
    try:
        return parse_amount(text)[0] is not None
    except AmountError:
        return False
