"""Deciding a sheet's layout: header row, column roles with confidence, wide or long periods."""

from __future__ import annotations

import re

from budget_sync.errors import MappingError
from budget_sync.mapping.cells import clean_text, column_letter, is_blank, row_texts
from budget_sync.mapping.header import find_header
from budget_sync.mapping.overrides import MappingConfig
from budget_sync.mapping.period_parser import (
    PeriodParts,
    canonical,
    period_in_header,
    read_period,
    year_in_text,
)
from budget_sync.mapping.plan import Column, Plan
from budget_sync.mapping.profile import Profile, profile_columns
from budget_sync.mapping.roles import header_scores, normalize_header
from budget_sync.mapping.scale import header_currency, header_scale
from budget_sync.mapping.versions import version_filter
from budget_sync.mapping.wide import plan_period_columns

TOTAL_HEADER = re.compile(r"\b(?:total|sum|full[- ]year|annual|fy\s*total|grand)\b", re.I)


def build_plan(
    rows: list[list], sheet: str, cfg: MappingConfig, file_name: str, meta: dict | None = None
) -> Plan:
    header_index = _header_index(rows, cfg, file_name, sheet)
    header_row = rows[header_index]
    data = rows[header_index + 1 :]
    width = max([len(header_row)] + [len(r) for r in data[:400]])
    headers = [clean_text(header_row[i]) if i < len(header_row) else "" for i in range(width)]
    profiles = profile_columns(data, width)
    title = " ".join(" ".join(row_texts(r)) for r in rows[:header_index])
    fiscal_year = cfg.fiscal_year or year_in_text(title) or year_in_text(sheet)
    columns = [Column(i, headers[i]) for i in range(width)]
    plan = Plan(sheet, header_index, "long", columns, {}, [], [], fiscal_year, cfg.fiscal_year_start_month)
    plan.default_currency = cfg.default_currency or header_currency(title) or "USD"
    plan.default_period = cfg.default_period
    _apply_config_columns(plan, cfg, file_name)
    above = rows[header_index - 1] if header_index > 0 else []
    plan_period_columns(plan, header_row, above, profiles, cfg)
    _assign_key_roles(plan, profiles)
    _choose_long_amount(plan, profiles)
    _resolve_long_period(plan, title, file_name)
    title_scale = header_scale(title)
    for col in plan.amounts + plan.totals:
        col.scale = header_scale(col.header) if header_scale(col.header) != 1 else title_scale
        col.currency = header_currency(col.header)
    if title_scale != 1:
        plan.notes.append(f"amounts scaled by {title_scale:,} as the title says")
    plan.decimal_comma = _decimal_comma(cfg, plan, profiles, (meta or {}).get("delimiter"))
    plan.filters = _filters(plan, cfg, file_name) or version_filter(plan, data)
    return plan


def _header_index(rows, cfg: MappingConfig, file_name: str, sheet: str) -> int:
    if cfg.header_row:
        if cfg.header_row > len(rows):
            raise MappingError(
                f"{file_name}: mapping.header_row is {cfg.header_row} but sheet '{sheet}' has {len(rows)} rows"
            )
        return cfg.header_row - 1
    index = find_header(rows)
    if index is None:
        seen = [" | ".join(row_texts(r))[:80] for r in rows[:5] if row_texts(r)]
        raise MappingError(
            f"{file_name}: no header row with budget columns and amounts below it found in sheet '{sheet}'"
            + (f"; first rows: {'; '.join(seen)}" if seen else "; the sheet is empty")
        )
    return index


def _find_header(plan: Plan, name: str) -> int | None:
    wanted = normalize_header(name)
    for col in plan.columns:
        if col.header.strip().lower() == name.strip().lower():
            return col.index
    for col in plan.columns:
        if wanted and normalize_header(col.header) == wanted:
            return col.index
    if re.fullmatch(r"[A-Z]{1,2}", name) and all(c.header != name for c in plan.columns):
        index = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(name))) - 1
        return index if index < len(plan.columns) else None
    return None


def _apply_config_columns(plan: Plan, cfg: MappingConfig, file_name: str) -> None:
    for role, name in cfg.columns.items():
        index = _find_header(plan, name)
        if index is None:
            headers = ", ".join(f"'{c.header}'" for c in plan.columns if c.header)
            raise MappingError(
                f"{file_name}: mapping.{role} names column '{name}', not found; headers: {headers}"
            )
        col = plan.columns[index]
        col.role, col.confidence, col.reason = role, 1.0, "set in config"
        if role == "budgeted_amount":
            plan.amounts.append(col)
            parts = period_in_header(col.header)
            if parts:
                col.period = canonical(parts, plan.fiscal_year, plan.fy_start_month)
        else:
            plan.roles[role] = index


def _fit(role: str, p: Profile) -> float:
    """How well the values fit a role, 0..1."""
    if not p.filled:
        return 0.0
    if role in ("department", "sub_category"):
        return p.share(p.texts + min(p.numbers, p.filled // 2))
    if role == "fiscal_period":
        return p.share(p.periods)
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


def _assign_key_roles(plan: Plan, profiles: list[Profile]) -> None:
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
            fit = _fit(role, profiles[col.index])
            if role in ("year", "month", "quarter", "fiscal_period", "currency") and fit < (
                0.3 if score >= 0.9 else 0.6
            ):
                continue
            candidates.append((round(score * (0.75 + 0.25 * fit), 3), -col.index, role, col))
    for confidence, _, role, col in sorted(candidates, key=lambda c: c[:2], reverse=True):
        if col.role is None and role not in plan.roles and confidence >= 0.4:
            col.role, col.confidence, col.reason = role, confidence, "header"
            plan.roles[role] = col.index
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
        _guess_department(plan, profiles)
    if "sub_category" not in plan.roles and "department" in plan.roles:
        _guess_sub_category(plan, profiles)


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
        if col.role is None and col.header and p.filled and p.share(p.texts) >= 0.8:
            col.role, col.confidence, col.reason = "sub_category", 0.6, "text column beside the department"
            plan.roles["sub_category"] = col.index
            return


def _guess_department(plan: Plan, profiles: list[Profile]) -> None:
    """No department header: the leftmost text column, or group headings above sub-category rows."""
    for col in plan.columns:
        p = profiles[col.index]
        if col.role is None and p.filled and p.share(p.texts) >= 0.6:
            confident = bool(plan.amounts) and not col.header
            col.role = "department"
            col.confidence = 0.65 if confident else 0.5
            col.reason = "first text column" + (" beside period columns" if confident else "")
            plan.roles["department"] = col.index
            return
    if "sub_category" in plan.roles:
        plan.outline = True
        plan.notes.append("departments taken from group heading rows above the line items")


def _choose_long_amount(plan: Plan, profiles: list[Profile]) -> None:
    if plan.amounts:
        return
    best, numeric = None, 0
    for col in plan.columns:
        if col.role is not None:
            continue
        p = profiles[col.index]
        score = header_scores(col.header).get("budgeted_amount", 0.0) if col.header else 0.0
        fit = _fit("budgeted_amount", p)
        if fit < 0.5:
            continue
        numeric += 1
        if score == 0.0 and col.header and period_in_header(col.header):
            score = 0.9 * (0.6 + 0.4 * fit)
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
        if score == 0.55 and numeric == 1:
            score = 0.65  # the only numeric column left once the key columns are known
        col.role, col.confidence = "budgeted_amount", min(1.0, round(score, 3))
        col.reason = "header" if score > 0.55 else "numeric values"
        parts = period_in_header(col.header) if col.header else None
        if parts and "fiscal_period" not in plan.roles:
            col.period = canonical(parts, plan.fiscal_year, plan.fy_start_month)
        plan.amounts.append(col)


def _resolve_long_period(plan: Plan, title: str, file_name: str) -> None:
    if plan.layout == "wide" or not plan.amounts:
        return
    if any(r in plan.roles for r in ("fiscal_period", "year")) or all(a.period for a in plan.amounts):
        return
    if plan.default_period:
        plan.notes.append(f"every budget is for {plan.default_period} (mapping.default_period)")
        return
    if plan.fiscal_year:
        plan.default_period = f"FY{plan.fiscal_year}"
        plan.notes.append(f"no period column: every budget is for {plan.default_period}, from the title")
        return
    plan.default_period = None


def _decimal_comma(cfg: MappingConfig, plan: Plan, profiles: list[Profile], delimiter: str | None) -> bool:
    """Unambiguous cells decide; with only '12.500' style cells, a ';' CSV or several such cells mean
    a thousands dot."""
    if cfg.decimal_comma is not None:
        return cfg.decimal_comma
    comma = sum(profiles[c.index].comma_votes for c in plan.amounts)
    dot = sum(profiles[c.index].dot_votes for c in plan.amounts)
    grouped = sum(profiles[c.index].grouped for c in plan.amounts)
    if comma > dot or (not comma and not dot and grouped and (delimiter == ";" or grouped >= 2)):
        plan.notes.append("amounts use a decimal comma and dots group thousands (1.234,56)")
        return True
    return False


def _filters(plan: Plan, cfg: MappingConfig, file_name: str) -> dict[int, str]:
    found = {}
    for name, value in cfg.filters.items():
        index = _find_header(plan, name)
        if index is None:
            raise MappingError(
                f"{file_name}: mapping.filters names column '{name}', not found in the headers"
            )
        found[index] = value.lower()
    return found


def describe_headers(plan: Plan) -> str:
    return ", ".join(f"{column_letter(c.index)} '{c.header}'" for c in plan.columns if c.header)


def is_period_header(cell) -> PeriodParts | None:
    if is_blank(cell):
        return None
    if isinstance(cell, str):
        return period_in_header(cell)
    return read_period(cell)
