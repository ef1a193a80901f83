"""The overall confidence of a plan, and the refusal that lists what was seen when it is too low."""

from __future__ import annotations

from budget_sync.errors import MappingError
from budget_sync.mapping.cells import column_letter
from budget_sync.mapping.plan import Plan
from budget_sync.mapping.roles import header_scores

REQUIRED = ("department", "fiscal_period", "budgeted_amount")


def role_confidences(plan: Plan) -> dict[str, float]:
    found: dict[str, float] = {}
    if "department" in plan.roles:
        found["department"] = plan.columns[plan.roles["department"]].confidence
    elif plan.fixed_department:
        found["department"] = 0.9
    elif plan.outline:
        found["department"] = 0.7
    if plan.amounts:
        found["budgeted_amount"] = min(c.confidence for c in plan.amounts)
    if all(c.period for c in plan.amounts) and plan.amounts:
        found["fiscal_period"] = min(c.confidence for c in plan.amounts)
    elif "fiscal_period" in plan.roles:
        found["fiscal_period"] = plan.columns[plan.roles["fiscal_period"]].confidence
    elif "year" in plan.roles:
        found["fiscal_period"] = plan.columns[plan.roles["year"]].confidence
    elif plan.default_period:
        found["fiscal_period"] = plan.default_period_confidence
    return found


def check_confidence(plan: Plan, threshold: float, file_name: str) -> float:
    found = role_confidences(plan)
    missing = [r for r in REQUIRED if r not in found]
    weak = {r: c for r, c in found.items() if c < threshold}
    if not missing and not weak:
        return min(found.values())
    problems = [f"no {r.replace('_', ' ')} column" for r in missing]
    problems += [f"{r.replace('_', ' ')} only {c:.2f} sure (needs {threshold:.2f})" for r, c in weak.items()]
    raise MappingError(
        f"{file_name}: cannot map sheet '{plan.sheet}' with confidence: {'; '.join(problems)}. "
        f"Headers seen (row {plan.header_index + 1}): {_headers(plan)}. Best guesses: {_guesses(plan)}. "
        "Name the columns in the mapping block (department, fiscal_period, budgeted_amount, ...) "
        "or set default_period / fiscal_year."
    )


def _headers(plan: Plan) -> str:
    seen = [f"{column_letter(c.index)} '{c.header}'" for c in plan.columns if c.header]
    return ", ".join(seen[:30]) or "none"


def _guesses(plan: Plan) -> str:
    guesses = [
        f"'{c.header or column_letter(c.index)}' -> {c.role} ({c.confidence:.2f})"
        for c in plan.columns
        if c.role and c.role not in ("ignored", "total")
    ][:12]
    if not guesses:
        for c in plan.columns:
            scores = header_scores(c.header) if c.header else {}
            if scores:
                role, score = max(scores.items(), key=lambda kv: kv[1])
                guesses.append(f"'{c.header}' -> {role}? ({score:.2f})")
    return ", ".join(guesses[:12]) or "none"
