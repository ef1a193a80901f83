"""Wide layouts: periods across the columns (months, quarters, years, real dates) to unpivot.

Columns of a coarser period than the finest present (a 'Q1' after Jan..Mar, an 'FY2025' after the months)
and columns headed 'Total' are totals: left out of the budgets and used as control totals.
"""

from __future__ import annotations

import re
from typing import Any

from budget_sync.errors import MappingError
from budget_sync.mapping.cells import clean_text, is_blank
from budget_sync.mapping.overrides import MappingConfig
from budget_sync.mapping.period_parser import (
    PeriodParts,
    canonical,
    period_in_header,
    read_period,
    year_in_text,
)
from budget_sync.mapping.plan import Plan
from budget_sync.mapping.profile import Profile
from budget_sync.mapping.roles import header_scores

TOTAL_WORDS = re.compile(r"\b(?:total|sum|full[- ]?year|annual|grand|fy\s*total|ytd)\b", re.I)
_RANK = {"month": 0, "period": 0, "quarter": 1, "year": 2}


def _header_parts(cell: Any) -> PeriodParts | None:
    if is_blank(cell):
        return None
    if isinstance(cell, str):
        return period_in_header(cell)
    return read_period(cell)


def _text_above(above: list[Any], index: int) -> Any:
    """The cell written over a column in the row above the header (merged cells: the nearest to the left)."""
    for i in range(min(index, len(above) - 1), -1, -1):
        if not is_blank(above[i]):
            return above[i]
    return None


def _year_above(above: list[Any], index: int) -> int | None:
    cell = _text_above(above, index)
    if cell is None:
        return None
    parts = _header_parts(cell)
    if parts and parts.kind == "year":
        return parts.year
    return year_in_text(clean_text(cell))


def _other_data_above(above: list[Any], index: int) -> str | None:
    """'Actual' or 'Forecast' banded over a group of period columns: those columns are not the budget."""
    cell = _text_above(above, index)
    if not isinstance(cell, str):
        return None
    scores = header_scores(cell)
    ignored = scores.get("ignored", 0)
    return clean_text(cell) if ignored >= 0.9 and ignored >= max(scores.values()) else None


def plan_period_columns(
    plan: Plan, header_row: list[Any], above: list[Any], profiles: list[Profile], cfg: MappingConfig
) -> None:
    if "fiscal_period" in cfg.columns or "budgeted_amount" in cfg.columns:
        return
    found = []
    for col in plan.columns:
        p = profiles[col.index]
        if col.role is not None or (p.filled and p.share(p.numbers) < 0.5):
            continue
        cell = header_row[col.index] if col.index < len(header_row) else None
        parts = _header_parts(cell)
        band = _other_data_above(above, col.index) if parts else None
        if band:
            col.role, col.confidence, col.reason = "ignored", 1.0, f"under '{band}'"
        elif parts:
            found.append((col, parts, bool(TOTAL_WORDS.search(col.header))))
    if len(found) < 2:
        return
    finest = min((_RANK[parts.kind] for _, parts, total in found if not total), default=None)
    if finest is None:
        return
    plan.layout = "wide"
    unresolved: list[str] = []
    seen: dict[str | None, str] = {}
    for col, parts, total in found:
        year_hint = _year_above(above, col.index) if parts.year is None else None
        period = canonical(parts, year_hint or plan.fiscal_year, plan.fy_start_month)
        if total or _RANK[parts.kind] > finest:
            col.role, col.confidence, col.period, col.reason = (
                "total",
                1.0,
                period,
                "total of the period columns",
            )
            plan.totals.append(col)
            continue
        if period is None:
            unresolved.append(col.header)
            continue
        if period in seen:
            raise MappingError(
                f"columns '{seen[period]}' and '{col.header}' both hold {period}; "
                "name the year in the headers or set mapping.fiscal_year"
            )
        seen[period] = col.header
        p = profiles[col.index]
        col.role, col.period, col.reason = "budgeted_amount", period, "period in header"
        col.confidence = round(0.7 + 0.3 * (p.share(p.numbers) if p.filled else 1.0), 3)
        plan.amounts.append(col)
    if unresolved:
        raise MappingError(
            f"period headers {', '.join(unresolved[:12])} name no year and no title line or header gives one; "
            "set mapping.fiscal_year"
        )
    _plain_total_columns(plan, profiles)
    _total_scopes(plan)
    kinds = sorted({_kind(c.period or "") for c in plan.amounts})
    plan.notes.append(f"{len(plan.amounts)} {'/'.join(kinds)} columns unpivoted to one budget per cell")


def _kind(period: str) -> str:
    return "quarter" if "-Q" in period else "year" if period.startswith("FY") else "month"


def _plain_total_columns(plan: Plan, profiles: list[Profile]) -> None:
    for col in plan.columns:
        p = profiles[col.index]
        if col.role is None and col.header and TOTAL_WORDS.search(col.header) and p.share(p.numbers) >= 0.5:
            col.role, col.confidence, col.reason = "total", 1.0, "total column"
            plan.totals.append(col)
    plan.totals.sort(key=lambda c: c.index)


def _total_scopes(plan: Plan) -> None:
    """Each total column sums the amount columns since the previous total of the same or a coarser kind."""
    ranks = {c.index: (_RANK.get(_kind(c.period), 2) if c.period else 3) for c in plan.totals}
    for col in plan.totals:
        start = max(
            (t.index for t in plan.totals if t.index < col.index and ranks[t.index] >= ranks[col.index]),
            default=-1,
        )
        col.scope = [a.index for a in plan.amounts if start < a.index < col.index]
        if not col.scope:
            col.scope = [a.index for a in plan.amounts]
