"""`budget-sync sources apply | list | test`: the customer source registry (budget_sources).

`apply` treats the file as the full list of customers: one that is no longer in it is removed (marked
inactive: its syncs and schedule stop, its budgets and sync history stay, and applying it again brings it
back). `--keep-missing` leaves customers missing from the file as they are, e.g. to apply a file that holds
only some customers.
"""

from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("sources", help="register customers and test their sources")
    commands = parser.add_subparsers(dest="sources_command", metavar="ACTION", required=True)

    apply = commands.add_parser(
        "apply",
        help="validate a customers file and register its customers",
        description=__doc__.split("\n\n", 1)[1],
    )
    apply.add_argument("file", help="customers YAML file (see README: Customer source file)")
    apply.add_argument(
        "--keep-missing", action="store_true", help="do not remove customers missing from FILE"
    )
    apply.set_defaults(handler=handle_apply)

    listing = commands.add_parser("list", help="registered customers with their last sync")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.add_argument("--all", action="store_true", help="include removed customers")
    listing.set_defaults(handler=handle_list)

    test = commands.add_parser(
        "test",
        help="fetch and map a customer's export and show what a sync would do, writing nothing",
        description="Fetch the customer's export, map it and compute what importing it would create, "
        "update, remove and reject. Nothing is written: no budgets, no sync history, no raw copy.",
    )
    test.add_argument("customer", help="customer id")
    test.add_argument(
        "--file", help="take the customer's settings from this customers file (not yet applied)"
    )
    test.add_argument("--json", action="store_true", help="print the result as one JSON object")
    test.set_defaults(handler=handle_test)


def handle_apply(args) -> int:
    from budget_sync.config import load_customers_file, missing_env_vars
    from budget_sync.pipeline import apply_customers_file
    from budget_sync.store.db import ready_engine

    configs = load_customers_file(args.file)
    for warning in missing_env_vars(configs):
        print(f"warning: {warning}", file=sys.stderr)
    result = apply_customers_file(ready_engine(), configs, keep_missing=args.keep_missing)
    for label in ("added", "updated", "unchanged", "removed"):
        ids = getattr(result, label)
        print(f"{label:9} {len(ids):3}  {', '.join(ids)}".rstrip())
    if result.kept:
        print(
            f"kept      {len(result.kept):3}  {', '.join(result.kept)} (not in {args.file}, --keep-missing)"
        )
    return 0


def handle_list(args) -> int:
    from budget_sync.store.attempts import mark_interrupted
    from budget_sync.store.db import ready_engine

    engine = ready_engine()
    mark_interrupted(engine)  # attempts whose process is gone show as interrupted, not running forever
    rows = _registry_rows(engine, include_removed=args.all)
    if args.json:
        print(json.dumps(rows, indent=2, default=str))
        return 0
    header = ("ID", "NAME", "TYPE", "FREQUENCY", "LAST SYNCED", "STATUS")
    table = [header] + [_list_row(r) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    if not rows:
        print("(no customers: apply a customers file with `budget-sync sources apply FILE.yaml`)")
    return 0


def _registry_rows(engine, *, include_removed: bool) -> list[dict]:
    """One query over budget_sources: the listing's columns for every (active) customer."""
    import sqlalchemy as sa

    from budget_sync.store.db import transaction
    from budget_sync.store.schema import budget_sources as t

    columns = ("customer_id", "name", "source_type", "sync_frequency", "active", "last_synced_at")
    query = sa.select(*(t.c[name] for name in columns), t.c.last_status, t.c.last_error)
    if not include_removed:
        query = query.where(t.c.active.is_(True))
    with transaction(engine) as conn:
        rows = [dict(row._mapping) for row in conn.execute(query.order_by(t.c.customer_id))]
    for row in rows:
        row["last_synced_at"] = row["last_synced_at"].isoformat() if row["last_synced_at"] else None
    return rows


def _list_row(row: dict) -> tuple[str, ...]:
    synced = row["last_synced_at"]
    status = row.get("last_status") or "never synced"
    if not row.get("active", True):
        status = f"removed ({status})"
    return (
        row["customer_id"],
        row["name"],
        row["source_type"],
        row["sync_frequency"],
        synced[:16].replace("T", " ") + " UTC" if synced else "-",
        status,
    )


def handle_test(args) -> int:
    from budget_sync.pipeline import SyncFailed, result_json, run_sync, summary_lines
    from budget_sync.store.db import ready_engine

    customer = _customer_from_file(args.file, args.customer) if args.file else None
    engine = ready_engine()
    try:
        outcome = run_sync(engine, args.customer, customer=customer, dry_run=True, trigger="test")
    except SyncFailed as exc:
        print(f"budget-sync: test of customer '{args.customer}' failed: {exc}", file=sys.stderr)
        return 1
    if args.json:
        data = result_json(outcome)
        data["mapping"] = outcome.mapped.mapping if outcome.mapped else None
        data["skippedRows"] = [r.as_dict() for r in outcome.mapped.skipped] if outcome.mapped else []
        print(json.dumps(data, indent=2, default=str))
        return 0
    if outcome.raw is None:
        print(f"connection ok: no new file at the source of '{args.customer}'")
        return 0
    print(
        f"connection ok: fetched {outcome.raw.file_name} ({outcome.raw.size} bytes) from {outcome.raw.location}"
    )
    print("\n".join(_mapping_lines(outcome.mapped)))
    print("\n".join(summary_lines(outcome)))
    for line in _skipped_lines(outcome.mapped):
        print(line)
    return 0


def _skipped_lines(mapped, shown: int = 10) -> list[str]:
    """Rows the mapping left out on purpose (totals, rows without an amount): not imported and not
    rejections, but the person setting up a customer should see them. Blank rows are only counted."""
    skipped = [r for r in mapped.skipped if r.reason != "blank row"]
    blank = len(mapped.skipped) - len(skipped)
    lines = [f"  skipped row {r.row}: {r.reason}" for r in skipped[:shown]]
    if len(skipped) > shown:
        lines.append(f"  ... and {len(skipped) - shown} more skipped rows")
    if blank:
        lines.append(f"  skipped {blank} blank row{'s' if blank != 1 else ''}")
    return lines


def _customer_from_file(path: str, customer_id: str):
    from budget_sync.config import load_customers_file
    from budget_sync.errors import ConfigError

    for config in load_customers_file(path):
        if config.id == customer_id:
            return config
    raise ConfigError(f"{path}: no customer with id '{customer_id}'")


def _mapping_lines(mapped) -> list[str]:
    mapping = mapped.mapping or {}
    lines = [
        f"mapping: layout {mapping.get('layout', '?')}, sheet {mapping.get('sheet') or '-'}, "
        f"header row {mapping.get('header_row', '?')}"
    ]
    for column in mapping.get("columns", []):
        confidence = column.get("confidence")
        shown = f"{confidence:.0%}" if isinstance(confidence, int | float) else "-"
        lines.append(f"  {str(column.get('header')):30} -> {column.get('role')} ({shown})")
    return lines
