"""Total columns (row totals, quarter and full-year columns) checked against the cells they sum."""

from __future__ import annotations

from decimal import Decimal

from budget_sync.mapping.amounts import AmountError, float_to_decimal, parse_amount
from budget_sync.mapping.totals import control_entry as _entry
from budget_sync.mapping.totals import total_label

MAX_ROW_ENTRIES = 20


def _value(row: list, index: int, decimal_comma: bool) -> Decimal | None:
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


def reconcile_total_columns(rows: list[list], plan) -> list[dict]:
    """One entry per total column (sums over budget rows), plus one per row whose total disagrees."""
    entries: list[dict] = []
    dept_i = plan.column("department")
    sub_i = plan.column("sub_category")
    for col in plan.totals:
        scale = col.scale
        expected_sum = actual_sum = Decimal(0)
        row_entries = []
        for i in range(plan.header_index + 1, len(rows)):
            row = rows[i]
            expected = _value(row, col.index, plan.decimal_comma)
            if expected is None or _is_total_row(row, dept_i, sub_i):
                continue
            parts = [_value(row, j, plan.decimal_comma) for j in col.scope]
            if all(p is None for p in parts):
                continue
            actual = sum((p for p in parts if p is not None), Decimal(0)) * scale
            expected *= scale
            expected_sum += expected
            actual_sum += actual
            if actual != expected and len(row_entries) < MAX_ROW_ENTRIES:
                row_entries.append(_entry(f"row {i + 1}: column '{col.header}'", expected, actual))
        entries.append(_entry(f"column '{col.header}'", expected_sum, actual_sum))
        entries.extend(row_entries)
    return entries


def _is_total_row(row: list, *indexes) -> bool:
    for index in indexes:
        cell = row[index] if index is not None and index < len(row) else None
        if isinstance(cell, str) and total_label(cell, set()) in ("grand", "total", "subtotal"):
            return True
    return False
