"""The JSON-able account of a plan: which column plays which role, how sure, and what else was decided."""

from __future__ import annotations

from typing import Any

from budget_sync.mapping.cells import column_letter
from budget_sync.mapping.plan import Plan


def plan_summary(plan: Plan, confidence: float, sheets: list[str]) -> dict[str, Any]:
    columns = []
    for c in plan.columns:
        if not c.header and not c.role:
            continue
        entry = {
            "column": column_letter(c.index),
            "header": c.header,
            "role": c.role,
            "confidence": round(c.confidence, 2),
        }
        if c.period:
            entry["fiscal_period"] = c.period
        if c.scale != 1:
            entry["scale"] = c.scale
        if c.reason:
            entry["reason"] = c.reason
        columns.append(entry)
    scales = {c.scale for c in plan.amounts}
    return {
        "sheet": plan.sheet,
        "sheets": sheets,
        "header_row": plan.header_index + 1,
        "layout": "outline" if plan.outline else plan.layout,
        "columns": columns,
        "scale": scales.pop() if len(scales) == 1 else "per column",
        "default_currency": plan.default_currency,
        "default_period": plan.default_period,
        "fiscal_year": plan.fiscal_year,
        "department": plan.fixed_department,
        "decimal_comma": plan.decimal_comma,
        "confidence": round(confidence, 2),
        "notes": plan.notes,
    }
