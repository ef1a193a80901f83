"""`budget-sync preview PATH`: map a file and show the decisions, writing nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from budget_sync.cli.preview_json import write_preview_json
from budget_sync.errors import ConfigError, FileReadError

SHOWN_BUDGETS = 20
SHOWN_REJECTIONS = 50


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "preview",
        help="map a budget export and show the result without writing anything",
        description="Read a CSV, TSV, XLSX, XLSM, XLS or ODS file, decide its column roles and print the "
        "mapping, the first budgets and every rejected row. Exit 0 when mapped, 2 when not.",
    )
    parser.add_argument("path", help="the export file")
    parser.add_argument("--sheet", help="sheet to read (default: the sheet holding the budget table)")
    parser.add_argument("--config", help="YAML file with a mapping: block, or the block itself")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=handle_preview)


def load_mapping_block(path: str) -> dict:
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"--config {path}: cannot read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"--config {path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"--config {path}: expected a mapping: block or its settings")
    if isinstance(data.get("customers"), list) and len(data["customers"]) == 1:
        data = data["customers"][0] or {}
    block = data.get("mapping", data) if isinstance(data.get("mapping", data), dict) else None
    if block is None:
        raise ConfigError(f"--config {path}: mapping: must hold settings such as department: Dept")
    return dict(block)


def handle_preview(args) -> int:
    from budget_sync.mapping import map_file

    config = load_mapping_block(args.config) if args.config else {}
    if args.sheet:
        config["sheet"] = args.sheet
    path = Path(args.path)
    if not path.is_file():
        raise FileReadError(f"{args.path}: no such file")
    result = map_file(path, config=config)
    _apply_import_checks(result, config)
    if args.json:
        write_preview_json(result, sys.stdout)
        return 0
    print(render(result))
    return 0


def _apply_import_checks(result, config: dict) -> None:
    """Show the rejections a sync would make: the importer's checks (a key twice with different amounts,
    ...) run on the mapped budgets through the same code as the sync. The budgets stay the mapped lines
    (so a reader sees both conflicting lines); a note says how many the sync would import."""
    from budget_sync.pipeline.rejections import screen

    fy_start = config.get("fiscal_year_start_month")
    screened = screen(
        result,
        fiscal_year_start_month=fy_start if isinstance(fy_start, int) and 1 <= fy_start <= 12 else 1,
        default_currency=str(config.get("default_currency") or "USD"),
    )
    result.rejected = screened.rejected
    withheld = len(result.budgets) - screened.imported
    if withheld:
        result.mapping["notes"].append(
            f"a sync would import {screened.imported} of these {len(result.budgets)} budget lines: "
            "a line repeated with the same amount is imported once, conflicting duplicates are rejected "
            "(listed under rejected)"
        )


def render(result) -> str:
    from budget_sync.pipeline import control_totals

    m = result.mapping
    lines = [
        f"{m.get('file')}: sheet '{result.sheet}', header on row {m['header_row']}, {m['layout']} layout, "
        f"confidence {m['confidence']:.2f}",
        "",
        f"  {'column':<7} {'header':<32} {'role':<16} {'confidence':>10}  period",
    ]
    for c in m["columns"]:
        header = (c["header"] or "")[:32]
        lines.append(
            f"  {c['column']:<7} {header:<32} {c['role'] or '-':<16} {c['confidence']:>10.2f}  {c.get('fiscal_period', '')}"
        )
    for note in m.get("notes", []):
        lines.append(f"  note: {note}")
    lines += [
        "",
        f"{len(result.budgets)} budgets"
        + (f" (first {SHOWN_BUDGETS})" if len(result.budgets) > SHOWN_BUDGETS else ""),
    ]
    for b in result.budgets[:SHOWN_BUDGETS]:
        lines.append(
            f"  {b.department[:28]:<28} {(b.sub_category or '-')[:24]:<24} {b.fiscal_period:<10} "
            f"{b.budgeted_amount:>16} {b.currency}"
        )
    count = len(result.rejected)
    lines += ["", f"{count} rejected row{'' if count == 1 else 's'}"]
    lines += [
        f"  row {r.row}: {r.reason}" if r.row else f"  {r.reason}" for r in result.rejected[:SHOWN_REJECTIONS]
    ]
    if len(result.rejected) > SHOWN_REJECTIONS:
        lines.append(f"  ... and {len(result.rejected) - SHOWN_REJECTIONS} more (use --json for all)")
    if result.skipped:
        count = len(result.skipped)
        lines.append(
            f"{count} row{'' if count == 1 else 's'} skipped (titles, totals, headings, blank rows); --json lists them"
        )
    mismatched = control_totals.mismatched(result.control_totals)
    if result.control_totals:
        lines.append(
            f"control totals: {len(result.control_totals) - len(mismatched)} agree, {len(mismatched)} differ"
        )
        lines += [
            f"  {t['label']}: file says {t['expected']}, budgets sum to {t['actual']}"
            for t in mismatched[:20]
        ]
    return "\n".join(lines)
