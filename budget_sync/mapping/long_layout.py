"""Long layouts: the amount column, and the period when no column carries one."""

from __future__ import annotations

import re

from budget_sync.mapping.key_columns import value_fit
from budget_sync.mapping.period_parser import canonical, parse_period, period_in_header
from budget_sync.mapping.plan import Plan
from budget_sync.mapping.profile import Profile
from budget_sync.mapping.roles import header_scores

TOTAL_HEADER = re.compile(r"\b(?:total|sum|full[- ]year|annual|fy\s*total|grand)\b", re.I)
# A long layout's one 'Total' column (cost = qty x unit cost, or the sum of fund columns) is its amount.
_PLAIN_TOTAL = re.compile(r"^\s*(?:total|total amount|line total|amount total)\s*$", re.I)


def choose_long_amount(plan: Plan, profiles: list[Profile]) -> None:
    if plan.amounts:
        return
    best, numeric = None, 0
    for col in plan.columns:
        if col.role is not None:
            continue
        p = profiles[col.index]
        score = header_scores(col.header).get("budgeted_amount", 0.0) if col.header else 0.0
        fit = value_fit("budgeted_amount", p)
        if fit < 0.5:
            continue
        numeric += 1
        if score == 0.0 and col.header and period_in_header(col.header):
            score = 0.9 * (0.6 + 0.4 * fit)
        elif score == 0.0 and _PLAIN_TOTAL.match(col.header or ""):
            score = 0.65
        elif score == 0.0 and not TOTAL_HEADER.search(col.header or ""):
            score = 0.55
        elif score:
            score = score * (0.6 + 0.4 * fit) + (0.01 if "budget" in col.header.lower() else 0)
        else:
            continue
        if best is None or score > best[0]:
            best = (score, col)
    if best:
        score, col = best
        from_values = score == 0.55
        if score == 0.55 and numeric == 1:
            score = 0.65  # the only numeric column left once the key columns are known
        col.role, col.confidence = "budgeted_amount", min(1.0, round(score, 3))
        col.reason = "numeric values" if from_values else "header"
        if _PLAIN_TOTAL.match(col.header or ""):
            col.reason = "the one total column of a long layout"
        parts = period_in_header(col.header) if col.header else None
        if parts and "fiscal_period" not in plan.roles:
            col.period = canonical(parts, plan.fiscal_year, plan.fy_start_month)
        plan.amounts.append(col)


def resolve_long_period(plan: Plan, stated_period: str | None = None) -> None:
    """No period column: config default_period, a 'Period: Q1 2025' title line, or the fiscal year."""
    if plan.layout == "wide" or not plan.amounts:
        return
    if any(r in plan.roles for r in ("fiscal_period", "year")) or all(a.period for a in plan.amounts):
        return
    if plan.default_period:
        plan.notes.append(f"every budget is for {plan.default_period} (mapping.default_period)")
        return
    stated = parse_period(stated_period, fiscal_year=plan.fiscal_year) if stated_period else None
    if stated:
        plan.default_period, plan.default_period_confidence = stated, 0.9
        plan.notes.append(f"no period column: every budget is for {stated}, as the title says")
        return
    if plan.fiscal_year:
        plan.default_period = f"FY{plan.fiscal_year}"
        plan.default_period_confidence = 1.0 if plan.year_source == "mapping.fiscal_year" else 0.8
        plan.notes.append(
            f"no period column: every budget is for {plan.default_period}, from {plan.year_source}"
        )
        return
    plan.default_period = None
