"""A Version / Scenario column holding Budget beside Actual or Forecast: keep the budget rows only."""

from __future__ import annotations

from budget_sync.mapping.cells import clean_text
from budget_sync.mapping.plan import Plan
from budget_sync.mapping.roles import normalize_header

VERSION_HEADERS = {"version", "scenario", "plan version", "budget version", "data type", "category", "type"}
BUDGET_VALUES = ("budget", "plan", "approved budget", "final budget", "budget final", "approved")


def version_filter(plan: Plan, data: list[list]) -> dict[int, str]:
    """{column: value} when an ignored version column mixes a budget value with others, else {}."""
    for col in plan.columns:
        if col.role not in ("ignored", None) or normalize_header(col.header) not in VERSION_HEADERS:
            continue
        values = {clean_text(row[col.index]) for row in data[:2000] if col.index < len(row)} - {""}
        by_norm = {normalize_header(v): v for v in values}
        if len(values) < 2:
            continue
        for wanted in BUDGET_VALUES:
            if wanted in by_norm:
                others = ", ".join(sorted(v for v in values if v != by_norm[wanted])[:5])
                plan.notes.append(f"kept rows whose {col.header} is '{by_norm[wanted]}' (left out: {others})")
                col.role, col.reason = "filter", f"only '{by_norm[wanted]}' rows"
                return {col.index: by_norm[wanted].lower()}
    return {}
