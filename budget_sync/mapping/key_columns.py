"""Key columns (department, sub-category, period, year, month, currency) from header words and values."""

from __future__ import annotations

import re

from budget_sync.mapping.plan import Plan
from budget_sync.mapping.profile import Profile
from budget_sync.mapping.roles import header_scores, normalize_header
from budget_sync.mapping.synonyms import WEAK

_KEY_WORDS = re.compile(r"\b(?:id|code|no|nr|num|number|qty|quantity|unit|units|count|fte|key)\b")


def holds_codes(header: str, p: Profile) -> bool:
    """Bare numbers ('1', '6001') in a name column are codes or quantities, not names: a department or
    sub-category read from them would be a plausible wrong budget line, so such a column only takes a
    name role at a confidence that needs a better candidate or an explicit mapping."""
    if not p.filled or p.share(p.numbers) < 0.8:
        return False
    return True if p.texts == 0 else bool(_KEY_WORDS.search(normalize_header(header)))


def value_fit(role: str, p: Profile) -> float:
    """How well the values fit a role, 0..1."""
    if not p.filled:
        return 0.0
    if role in ("department", "sub_category"):
        return p.share(p.texts + min(p.numbers, p.filled // 2))
    if role == "fiscal_period":
        return p.share(p.periods + p.bare_years)
    if role == "currency":
        return p.share(p.codes)
    if role == "year":
        return p.share(p.years)
    if role == "month":
        return p.share(p.months + p.periods)
    if role == "quarter":
        return p.share(p.periods)
    if role == "budgeted_amount":
        return p.share(p.numbers)
    return 0.0


def assign_key_roles(plan: Plan, profiles: list[Profile], title_department: str | None = None) -> None:
    free = [c for c in plan.columns if c.role is None and (c.header or profiles[c.index].filled)]
    candidates = []
    for col in free:
        scores = header_scores(col.header) if col.header else {}
        if scores.get("ignored", 0) >= 0.9 and max(scores.values()) == scores["ignored"]:
            col.role, col.confidence, col.reason = "ignored", scores["ignored"], "header names other data"
            continue
        for role, score in scores.items():
            if role in ("ignored", "budgeted_amount"):
                continue
            fit = value_fit(role, profiles[col.index])
            if role in ("department", "sub_category") and holds_codes(col.header, profiles[col.index]):
                score, fit = score * 0.45, 0.0
            if role in ("year", "month", "quarter", "fiscal_period", "currency") and fit < (
                0.3 if score >= 0.9 else 0.6
            ):
                continue
            candidates.append((round(score * (0.75 + 0.25 * fit), 3), -col.index, role, col))
    for confidence, _, role, col in sorted(candidates, key=lambda c: c[:2], reverse=True):
        if col.role is None and role not in plan.roles and confidence >= 0.4:
            col.role, col.confidence, col.reason = role, confidence, "header"
            plan.roles[role] = col.index
    _plain_name_beside_text(plan, profiles)
    for col in plan.columns:
        p = profiles[col.index]
        if col.role is not None or p.filled < 2:
            continue
        if "currency" not in plan.roles and p.share(p.codes) >= 0.9:
            col.role, col.confidence, col.reason = "currency", 0.9, "values are currency codes"
            plan.roles["currency"] = col.index
        elif "fiscal_period" not in plan.roles and not plan.amounts[1:] and p.share(p.periods) >= 0.8:
            col.role, col.confidence, col.reason = "fiscal_period", 0.8, "values are periods"
            plan.roles["fiscal_period"] = col.index
    _month_as_period(plan)
    if "department" not in plan.roles:
        if title_department:
            plan.fixed_department = title_department
            plan.notes.append(f"every line is for department '{title_department}', as the title says")
        else:
            _guess_department(plan, profiles)
    if "sub_category" not in plan.roles and "department" in plan.roles:
        _guess_sub_category(plan, profiles)


def _plain_name_beside_text(plan: Plan, profiles: list[Profile]) -> None:
    """A 'Name' header names the department only when no other unnamed text column could be it: beside
    'Agency' or 'Program' columns the engine cannot tell which one a person means, so it refuses."""
    index = plan.roles.get("department")
    if index is None or normalize_header(plan.columns[index].header) not in WEAK:
        return
    for col in plan.columns:
        p = profiles[col.index]
        if col.role is None and p.filled and p.share(p.texts) >= 0.6 and not holds_codes(col.header, p):
            dept = plan.columns[index]
            dept.confidence = min(dept.confidence, 0.5)
            dept.reason = f"plain header '{dept.header}' beside another text column '{col.header}'"
            return


def _month_as_period(plan: Plan) -> None:
    """A 'Month' or 'Quarter' column without a year column is the period column ('Jan-25', dates, 'Jan')."""
    if "year" in plan.roles or "fiscal_period" in plan.roles:
        return
    for role in ("month", "quarter"):
        if role in plan.roles:
            index = plan.roles.pop(role)
            plan.columns[index].role = "fiscal_period"
            plan.roles["fiscal_period"] = index
            return


def _guess_sub_category(plan: Plan, profiles: list[Profile]) -> None:
    """An unnamed text column right of the department and left of the amounts reads as the sub-category."""
    first_amount = min((c.index for c in plan.amounts), default=len(plan.columns))
    for col in plan.columns[plan.roles["department"] + 1 : first_amount]:
        p = profiles[col.index]
        if col.role is None and p.filled and p.share(p.texts) >= 0.8 and not _names_other_role(col.header):
            col.role, col.confidence, col.reason = "sub_category", 0.6, "text column beside the department"
            plan.roles["sub_category"] = col.index
            return


def _grouping_column(plan: Plan, profiles: list[Profile]) -> bool:
    """Two category-like columns and no department ('cost_type' beside 'cost_item'): the one whose values
    repeat groups the line items of the other and is their department."""
    index = plan.roles.get("sub_category")
    if index is None:
        return False
    items = profiles[index]
    for col in plan.columns:
        p = profiles[col.index]
        if col.role is not None or not p.filled or holds_codes(col.header, p) or p.share(p.texts) < 0.8:
            continue
        if header_scores(col.header).get("sub_category", 0.0) < 0.9:
            continue
        if 3 * len(p.labels) <= 2 * p.texts and len(p.labels) < len(items.labels):
            col.role, col.confidence = "department", 0.7
            col.reason = f"its values group the line items of '{plan.columns[index].header}'"
            plan.roles["department"] = col.index
            return True
    return False


def _names_other_role(header: str) -> bool:
    """'Currency' over values that are not codes is still not a sub-category."""
    scores = header_scores(header) if header else {}
    return any(s >= 0.9 for r, s in scores.items() if r not in ("department", "sub_category"))


def _guess_department(plan: Plan, profiles: list[Profile]) -> None:
    """No department header: a category column grouping the line items, the leftmost text column, or
    group headings above sub-category rows."""
    if _grouping_column(plan, profiles):
        return
    for col in plan.columns:
        p = profiles[col.index]
        if col.role is None and p.filled and p.share(p.texts) >= 0.6:
            if "sub_category" not in plan.roles and 2 <= p.indented < p.filled:
                col.role, col.confidence, col.reason = "sub_category", 0.7, "indented line items"
                plan.roles["sub_category"] = col.index
                break
            confident = bool(plan.amounts) and not col.header
            col.role = "department"
            col.confidence = 0.65 if confident else 0.5
            col.reason = "first text column" + (" beside period columns" if confident else "")
            plan.roles["department"] = col.index
            return
    if "sub_category" in plan.roles:
        plan.outline = True
        plan.notes.append("departments taken from group heading rows above the line items")
