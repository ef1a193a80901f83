"""What kind of row this is: blank, a repeated header, a currency row, filtered out, a total."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from budget_sync.mapping.cells import clean_text
from budget_sync.mapping.currencies import code_like
from budget_sync.mapping.totals import total_label

if TYPE_CHECKING:
    from budget_sync.mapping.plan import Plan


def cell(row: list[Any], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    value = row[index]
    return None if value == "" else value


def units_row(row: list[Any], amount_cols: list[Any]) -> bool:
    """A row of ISO codes in the amount columns ('USD', 'USD', ...) states their currency.

    Runs on every row: the first filled cell that is not a code ends it."""
    filled = []
    width = len(row)
    for j, col, _ in amount_cols:
        value = row[j] if j < width else None
        if value is None or value == "":
            continue
        if type(value) is not str or not code_like(value.strip()):
            return False
        filled.append((col, value))
    if not filled:
        return False
    for col, value in filled:
        col.currency = value.strip().upper()
    return True


def blank(row: list[Any]) -> bool:
    first = row[0] if row else None
    if type(first) is str and first and not first.isspace():
        return False  # the usual row: a name in its first cell
    return not any(c is not None and c != "" and (type(c) is not str or c.strip()) for c in row)


def repeats_header(
    row: list[Any],
    header_cells: list[tuple[int, str]],
    needed: int,
    folded: dict[int, dict[str, str]] | None = None,
) -> bool:
    """Most header texts again in their columns: a concatenated export's next header row. `folded`:
    per column index, a memo of each cell's stripped lower-case text, for the columns whose values repeat
    (names and periods on every line of a big export; not amounts)."""
    misses_allowed = len(header_cells) - needed
    same = 0
    folded = folded or {}
    for j, text in header_cells:
        cell = row[j] if j < len(row) else None
        lowered: str | None
        if type(cell) is str:
            memo = folded.get(j)
            if memo is None:
                lowered = cell.strip().lower()
            else:
                lowered = memo.get(cell)
                if lowered is None:
                    lowered = memo[cell] = cell.strip().lower()
        else:
            lowered = None
        if lowered == text:
            same += 1
            if same >= needed:
                return True
        else:
            misses_allowed -= 1
            if misses_allowed < 0:
                return False
    return False


def filtered(row: list[Any], plan: Plan) -> str:
    for j, value in plan.filters.items():
        text = clean_text(cell(row, j))
        if text.lower() != value:
            return f"left out by filter: {plan.columns[j].header} is '{text}', not '{value}'"
    return "left out by filter"


def passes(row: list[Any], filters: dict[int, str]) -> bool:
    return all(clean_text(cell(row, j)).lower() == value for j, value in filters.items())


def total(
    row: list[Any], plan: Plan, dept: str, sub: str | None, known_keys: set[str]
) -> tuple[str | None, str]:
    """(level, label) when the department, sub-category or first text cell marks a total row."""
    labels = [t for t in (dept, sub) if t] or [first_text(row, plan)]
    for label in labels:
        level = total_label(label, known_keys) if label else None
        if level:
            return level, label
    return None, labels[0]


def first_text(row: list[Any], plan: Plan) -> str:
    first_amount = min((c.index for c in plan.amounts), default=len(row))
    for cell in row[:first_amount]:
        if type(cell) is str and cell.strip():
            return clean_text(cell)
    return ""
