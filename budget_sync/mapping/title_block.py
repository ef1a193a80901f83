"""'Cost Centre: Marketing' above the table: a department that holds for every row of the sheet."""

from __future__ import annotations

from budget_sync.mapping.cells import clean_text, is_blank
from budget_sync.mapping.roles import header_scores


def title_department(rows: list[list]) -> str | None:
    """The value of a 'Department: X' line (one cell, or a label cell and a value cell) in the title."""
    for row in rows:
        cells = [clean_text(c) for c in row if not is_blank(c)]
        if len(cells) == 1 and ":" in cells[0]:
            label, value = (part.strip() for part in cells[0].split(":", 1))
        elif len(cells) == 2:
            label, value = cells
        else:
            continue
        if value and header_scores(label.rstrip(":")).get("department", 0) >= 0.9:
            return value
    return None
