"""Deciding a sheet's layout: header row, column roles with confidence, wide or long periods."""

from __future__ import annotations

import re
from typing import Any

from budget_sync.errors import MappingError
from budget_sync.mapping.cells import clean_text, row_texts
from budget_sync.mapping.header import find_header
from budget_sync.mapping.key_columns import assign_key_roles
from budget_sync.mapping.ledger import flag_transaction_dates
from budget_sync.mapping.long_layout import choose_long_amount, resolve_long_period
from budget_sync.mapping.overrides import MappingConfig
from budget_sync.mapping.period_parser import (
    canonical,
    period_in_header,
    year_in_text,
)
from budget_sync.mapping.plan import Column, Plan
from budget_sync.mapping.profile import Profile, profile_columns
from budget_sync.mapping.roles import normalize_header
from budget_sync.mapping.scale import header_currency, header_scale
from budget_sync.mapping.sections import first_section_heading
from budget_sync.mapping.title_block import title_values
from budget_sync.mapping.versions import version_filter, version_rows
from budget_sync.mapping.wide import plan_period_columns


def build_plan(
    rows: list[list[Any]], sheet: str, cfg: MappingConfig, file_name: str, meta: dict[str, Any] | None = None
) -> Plan:
    header_index = _header_index(rows, cfg, file_name, sheet)
    header_row = rows[header_index]
    data = rows[header_index + 1 :]
    width = max([len(header_row)] + [len(r) for r in data[:400]])
    headers = [clean_text(header_row[i]) if i < len(header_row) else "" for i in range(width)]
    profiles = profile_columns(data, width)
    title = " ".join(" ".join(row_texts(r)) for r in rows[:header_index])
    fiscal_year, year_source = _fiscal_year(cfg, title, sheet)
    columns = [Column(i, headers[i]) for i in range(width)]
    plan = Plan(sheet, header_index, "long", columns, {}, [], [], fiscal_year, cfg.fiscal_year_start_month)
    plan.year_source = year_source
    plan.default_currency = cfg.default_currency or "USD"
    title_currency = header_currency(title)
    plan.default_period = cfg.default_period
    _apply_config_columns(plan, cfg, file_name)
    above = rows[header_index - 1] if header_index > 0 else []
    plan_period_columns(plan, header_row, above, profiles, cfg)
    stated = title_values(rows[:header_index])
    assign_key_roles(plan, profiles, stated.get("department"))
    flag_transaction_dates(plan, data)
    if plan.outline:
        plan.first_heading = first_section_heading(rows, header_index)
        if plan.first_heading:
            plan.notes.append(
                f"stacked tables under section headings: '{plan.first_heading}' above the first header "
                "is the department of its rows"
            )
    choose_long_amount(plan, profiles)
    resolve_long_period(plan, stated.get("fiscal_period"))
    title_scale = header_scale(title)
    for col in plan.amounts + plan.totals:
        col.scale = header_scale(col.header) if header_scale(col.header) != 1 else title_scale
        col.currency = header_currency(col.header) or title_currency
    if title_scale != 1:
        plan.notes.append(f"amounts scaled by {title_scale:,} as the title says")
    plan.decimal_comma = _decimal_comma(cfg, plan, profiles, (meta or {}).get("delimiter"))
    plan.filters = _filters(plan, cfg, file_name) or version_filter(plan, data)
    if not plan.filters:
        plan.version_rows = version_rows(plan, data, file_name)
    return plan


def _fiscal_year(cfg: MappingConfig, title: str, sheet: str) -> tuple[int | None, str]:
    if cfg.fiscal_year:
        return cfg.fiscal_year, "mapping.fiscal_year"
    if year_in_text(title):
        return year_in_text(title), "the title"
    if year_in_text(sheet):
        return year_in_text(sheet), f"the name '{sheet}'"
    return None, ""


def _header_index(rows: Any, cfg: MappingConfig, file_name: str, sheet: str) -> int:
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
