"""'Cost Centre: Marketing' or 'Period: Q1 2025' above the table: values that hold for every row."""

from __future__ import annotations

from typing import Any

from budget_sync.mapping.cells import clean_text, is_blank
from budget_sync.mapping.roles import header_scores


def title_values(rows: list[list[Any]]) -> dict[str, str]:
    """{role: value} from 'Label: value' lines (one cell, or a label cell and a value cell) in the title."""
    found: dict[str, str] = {}
    for row in rows:
        cells = [clean_text(c) for c in row if not is_blank(c)]
        if len(cells) == 1 and ":" in cells[0]:
            label, value = (part.strip() for part in cells[0].split(":", 1))
        elif len(cells) == 2:
            label, value = cells
        else:
            continue
        scores = header_scores(label.rstrip(":"))
        for role in ("department", "fiscal_period", "year"):
            if value and scores.get(role, 0) >= 0.9:
                found.setdefault(role, value)
    return found
