"""Versions beside the budget: a Version / Scenario column holding Budget beside Actual or Forecast, or
versions written as row labels / section headings ('FY17 REQUEST', 'Actuals'). Keep the budget only."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from budget_sync.errors import MappingError
from budget_sync.mapping.cells import clean_text
from budget_sync.mapping.plan import Plan
from budget_sync.mapping.roles import normalize_header

VERSION_HEADERS = {"version", "scenario", "plan version", "budget version", "data type", "category", "type"}
BUDGET_VALUES = ("budget", "plan", "approved budget", "final budget", "budget final", "approved")


def version_filter(plan: Plan, data: list[list[Any]]) -> dict[int, str]:
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


_LABEL_YEAR = re.compile(
    r"^(?:(?:fy|fiscal\s+year)\s*'?\s*(\d{4}|\d{2})|((?:19|20)\d{2}))(?:\s+(\d{2}|\d{4}))?\s+"
)
_BUDGET_WORDS = {"request", "requested", "proposed", "proposal", "budget", "adopted", "approved", "plan"}
_BUDGET_WORDS |= {"recommended", "enacted", "appropriation", "appropriated"}
_OTHER_WORDS = {"actual", "actuals", "est", "estimate", "estimated", "estimates", "forecast", "fcst"}
_OTHER_WORDS |= {"projected", "projection", "variance", "increase", "decrease", "change", "difference"}
_OTHER_WORDS |= {"diff", "spent", "spend", "expended", "expenditure", "expenditures", "ytd", "prior"}
_FILLER = {"oblig", "obligations", "obligation", "year", "original", "revised", "final", "current", "total"}


class VersionLabel(NamedTuple):
    budget: bool  # a budget / plan / request / proposal, not actuals, estimates or a variance
    year: int | None  # the fiscal year the label names ('FY17 REQUEST' -> 2017)


def version_label(text: str) -> VersionLabel | None:
    """'FY16 EST OBLIG', 'FY17 REQUEST', 'INCREASE/(DECREASE)', 'Actuals 2024': a version written as a
    row label or a section heading, else None. Only labels made entirely of version words count."""
    norm = " ".join(re.sub(r"[()/.,:&+-]", " ", text.lower()).split())
    year = None
    m = _LABEL_YEAR.match(norm + " ")
    if m:
        year = int(m[3] or m[1] or m[2])  # a range ('FY 2025-26') is named by the year it ends in
        year = year + 2000 if year < 100 else year
        norm = norm[m.end() :].strip() if m.end() <= len(norm) else ""
    words = norm.split()
    if words and words[-1].isdecimal() and len(words[-1]) == 4 and year is None:
        year = int(words.pop())
    if not words or not set(words) <= _BUDGET_WORDS | _OTHER_WORDS | _FILLER:
        return None
    if not set(words) & (_BUDGET_WORDS | _OTHER_WORDS):
        return None
    return VersionLabel(not set(words) & _OTHER_WORDS, year)


def version_rows(plan: Plan, data: list[list[Any]], file_name: str) -> dict[str, VersionLabel]:
    """{label: VersionLabel} when the department column holds versions as row labels beside department
    headings ('OIT' / 'FY16 EST OBLIG' / 'FY17 REQUEST' / ...); {} when it does not. Exactly one budget
    label is kept; none, or several (which one is the budget?), is a refusal."""
    index = plan.column("department")
    if index is None or plan.column("fiscal_period") is not None:
        return {}
    labels: dict[str, VersionLabel] = {}
    rows = 0
    for row in data[:2000]:
        text = clean_text(row[index]) if index < len(row) else ""
        label = version_label(text) if text else None
        if label:
            labels[text] = label
            rows += 1
    if len(labels) < 2 or rows < 3 or all(label.budget for label in labels.values()):
        return {}
    kept = [text for text, label in labels.items() if label.budget]
    names = ", ".join(f"'{t}'" for t in list(labels)[:6])
    header = plan.columns[index].header
    if len(kept) != 1:
        which = "none is a budget, plan or request" if not kept else "more than one is a budget"
        raise MappingError(
            f"{file_name}: sheet '{plan.sheet}': column '{header}' holds versions as row labels "
            f"({names}) and {which}; refused rather than importing estimates or actuals as budgets"
        )
    plan.notes.append(
        f"column '{header}' holds versions as row labels ({names}): kept the '{kept[0]}' rows, "
        "department from the heading above them"
    )
    return labels
