"""Lines that share a department, sub-category and period: named by row in the notes, so the preview
and the sync's mapping both say which rows the importer keeps once and which it refuses."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from budget_sync.models import Budget

_ROW = re.compile(r"(\d+)$")
SHOWN = 5


def _row(budget: Budget) -> str:
    m = _ROW.search(budget.source_ref or "")
    return m[1] if m else "?"


def _rows(lines: list[Budget]) -> str:
    rows = [_row(b) for b in lines]
    return ", ".join(rows[:-1]) + f" and {rows[-1]}"


def _key(budget: Budget) -> str:
    parts = [f"department '{budget.department}'"]
    if budget.sub_category:
        parts.append(f"sub-category '{budget.sub_category}'")
    return ", ".join(parts) + f", period {budget.fiscal_period}"


def duplicate_notes(budgets: list[Budget]) -> list[str]:
    """One note per repeated key (at most SHOWN, then a count): the same amount twice is imported once;
    different amounts are refused on every line, as the importer does."""
    seen: set[tuple[Any, ...]] = set()
    twice: set[tuple[Any, ...]] = set()
    for b in budgets:
        key = (b.department, b.sub_category, b.fiscal_period)
        (twice if key in seen else seen).add(key)
    if not twice:
        return []
    groups: dict[tuple[Any, ...], list[Budget]] = defaultdict(list)
    for b in budgets:
        key = (b.department, b.sub_category, b.fiscal_period)
        if key in twice:
            groups[key].append(b)
    repeated = list(groups.values())
    notes = []
    for lines in repeated[:SHOWN]:
        same = len({(b.budgeted_amount, b.currency) for b in lines}) == 1
        outcome = (
            "the same amount: a sync imports it once"
            if same
            else "different amounts: refused, none of them is imported"
        )
        notes.append(f"rows {_rows(lines)} have the same {_key(lines[0])} with {outcome}")
    if len(repeated) > SHOWN:
        notes.append(
            f"{len(repeated) - SHOWN} more department/sub-category/period keys repeat on several rows"
        )
    return notes
