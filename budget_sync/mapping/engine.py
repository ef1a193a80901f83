"""map_file / map_rows / map_export: read, choose the sheet, plan, extract, reconcile."""

from __future__ import annotations

import re
from typing import Any

from budget_sync.collector import collector_paused
from budget_sync.errors import MappingError
from budget_sync.files import Sheet, Table, read_table, table_from_cells
from budget_sync.mapping.build_plan import build_plan
from budget_sync.mapping.confidence import check_confidence
from budget_sync.mapping.duplicates import duplicate_notes
from budget_sync.mapping.extract import extract
from budget_sync.mapping.fingerprint import fingerprint
from budget_sync.mapping.leaders import split_leader_cells
from budget_sync.mapping.overrides import MappingConfig, load_config
from budget_sync.mapping.plan_summary import plan_summary
from budget_sync.mapping.reconcile import reconcile_total_columns
from budget_sync.mapping.result import MappingResult

_OTHER_DATA = re.compile(r"actual|forecast|fcst|variance|prior|last year|archive|\bold\b|\bly\b", re.I)
_BUDGET_NAME = re.compile(r"budget|plan", re.I)


def map_file(
    path_or_bytes: Any, *, file_name: str | None = None, config: dict[str, Any] | None = None
) -> MappingResult:
    """Map a CSV/TSV/XLSX/XLSM/XLS/ODS (or HTML-table / XML Spreadsheet) file, as a path or bytes."""
    with collector_paused():
        table = read_table(path_or_bytes, file_name=file_name)
        return map_table(table, config)


def map_rows(
    cells: Any, *, config: dict[str, Any] | None = None, file_name: str | None = None
) -> MappingResult:
    """Map a 2-D list of cells (e.g. Google Sheets API values) to canonical budgets."""
    with collector_paused():
        return map_table(table_from_cells(cells, file_name=file_name), config)


def map_export(raw: Any, config: dict[str, Any] | None = None) -> MappingResult:
    """Map a sources.RawExport: its bytes or its cells; the export's sheet applies unless config names one."""
    with collector_paused():
        if raw.cells is not None:
            table = table_from_cells(raw.cells, file_name=raw.file_name, sheet=raw.sheet)
        else:
            table = read_table(raw.content or b"", file_name=raw.file_name)
        if raw.sheet and not (config or {}).get("sheet") and table.format != "cells":
            config = {**(config or {}), "sheet": raw.sheet}
        return map_table(table, config)


def map_table(table: Table, config: dict[str, Any] | None = None) -> MappingResult:
    """Map the configured sheet, or the sheet holding the budget table. A CSV or a cell grid has one
    sheet, so `sheet` does not apply to it."""
    cfg = load_config(config)
    threshold = cfg.min_confidence if cfg.min_confidence is not None else _default_threshold()
    names = [s.name for s in table.sheets]
    if cfg.sheet and table.format not in ("csv", "cells"):
        return _map_sheet(table, table.sheet(cfg.sheet), cfg, threshold, names)
    candidates = [s for s in table.sheets if not s.hidden] or table.sheets
    if len(candidates) == 1:
        return _map_sheet(table, candidates[0], cfg, threshold, names)
    results, failures = [], []
    for sheet in candidates:
        try:
            results.append(_map_sheet(table, sheet, cfg, threshold, names))
        except MappingError as exc:
            failures.append(f"'{sheet.name}': {str(exc).removeprefix(table.file_name + ': ')}")
    if not results:
        raise MappingError(f"{table.file_name}: no sheet holds a budget table. " + " | ".join(failures))
    best = max(results, key=_sheet_score)
    others = [f"'{r.sheet}' {len(r.budgets)} lines" for r in results if r is not best]
    others += [f"'{s.name}' no budget table" for s in candidates if s.name not in {r.sheet for r in results}]
    best.mapping["notes"].append(
        f"sheet '{best.sheet}' chosen ({len(best.budgets)} budget lines); other sheets: {', '.join(others)}"
    )
    return best


def _sheet_score(result: MappingResult) -> tuple[Any, ...]:
    """Not named for other data (Actuals, Forecast), then the most budget lines, then a budget-like name."""
    name = result.sheet or ""
    other = bool(_OTHER_DATA.search(name))
    named = bool(_BUDGET_NAME.search(name))
    return (not other, len(result.budgets) + len(result.rejected), named, result.mapping["confidence"])


def _default_threshold() -> float:
    from budget_sync.settings import load_settings

    return load_settings().min_mapping_confidence


def _map_sheet(
    table: Table, sheet: Sheet, cfg: MappingConfig, threshold: float, names: list[str]
) -> MappingResult:
    name = table.file_name
    rows = split_leader_cells(sheet.rows)
    try:
        plan = build_plan(rows, sheet.name, cfg, name, sheet.meta)
        confidence = check_confidence(plan, threshold, name)
    except MappingError as exc:
        text = str(exc)
        raise MappingError(
            text if text.startswith(name) else f"{name}: sheet '{sheet.name}': {text}"
        ) from None
    plan.confidence = confidence
    out = extract(rows, plan, name, sheet.errors)
    control = out.totals.entries + reconcile_total_columns(rows, plan, out.budget_rows)
    if not out.budgets and not out.rejected and plan.version_rows:
        kept = [t for t, v in plan.version_rows.items() if v.budget]
        amounts = ", ".join(f"'{c.header}'" for c in plan.amounts)
        raise MappingError(
            f"{name}: sheet '{sheet.name}': the '{kept[0]}' rows (the budget among the versions written as "
            f"row labels) have no amounts in the amount column {amounts}; refused rather than importing "
            "another version"
        )
    if not out.budgets and not out.rejected:
        raise MappingError(
            f"{name}: sheet '{sheet.name}' has a header on row {plan.header_index + 1} but no budget amounts below it"
        )
    mapping = plan_summary(plan, confidence, names)
    mapping["notes"].extend(duplicate_notes(out.budgets))
    if out.places_note():
        mapping["notes"].append(out.places_note())
    mapping["file"] = name
    mapping["format"] = table.format
    return MappingResult(
        budgets=out.budgets,
        rejected=out.rejected,
        mapping=mapping,
        fingerprint=fingerprint(mapping),
        control_totals=control,
        sheet=sheet.name,
        skipped=out.skipped,
    )
