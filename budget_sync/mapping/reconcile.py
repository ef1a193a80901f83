"""Total columns (row totals, quarter and full-year columns) checked against the cells they sum."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from budget_sync.mapping.amounts import AmountError, float_to_decimal, parse_amount
from budget_sync.mapping.totals import control_entry as _entry

if TYPE_CHECKING:
    from budget_sync.mapping.plan import Plan

MAX_ROW_ENTRIES = 20


def _value(row: list[Any], index: int, decimal_comma: bool) -> Decimal | None:
    if index >= len(row) or row[index] in (None, ""):
        return None
    cell = row[index]
    try:
        return (
            float_to_decimal(cell)
            if type(cell) is float
            else parse_amount(cell, decimal_comma=decimal_comma)[0]
        )
    except AmountError:
        return None


def reconcile_total_columns(
    rows: list[list[Any]], plan: Plan, budget_rows: list[int]
) -> list[dict[str, Any]]:
    """One entry per total column (summed over the rows that became budgets), plus one per row whose
    total disagrees with its period cells."""
    entries: list[dict[str, Any]] = []
    for col in plan.totals:
        expected_sum = actual_sum = Decimal(0)
        row_entries: list[dict[str, Any]] = []
        for i in budget_rows:
            row = rows[i]
            expected = _value(row, col.index, plan.decimal_comma)
            if expected is None:
                continue
            parts = [_value(row, j, plan.decimal_comma) for j in col.scope]
            actual = sum((p for p in parts if p is not None), Decimal(0)) * col.scale
            expected *= col.scale
            expected_sum += expected
            actual_sum += actual
            if actual != expected and len(row_entries) < MAX_ROW_ENTRIES:
                row_entries.append(_entry(f"row {i + 1}: column '{col.header}'", expected, actual))
        entries.append(_entry(f"column '{col.header}'", expected_sum, actual_sum))
        entries.extend(row_entries)
    return entries
