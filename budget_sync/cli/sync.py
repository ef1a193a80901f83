"""`budget-sync sync CUSTOMER`: one sync now, in this process: a run of the `sync_customer` job on the
Dagster instance when DAGSTER_HOME is set (it shows in the run history), else without Dagster."""

from __future__ import annotations

import json
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="sync one customer now, in process",
        description="Fetch the customer's export, map it and import it now. Exit 0 on success (also when "
        "the source is unchanged and the sync is skipped), 1 when the sync failed; the budgets then "
        "stay as the last good sync left them. With DAGSTER_HOME set, the sync is a run of the "
        "sync_customer job on that Dagster instance (in this process), so it shows in the run history.",
    )
    parser.add_argument("customer", help="customer id as in the customers file")
    add_sync_options(parser, force_help="import even if the source has not changed")
    parser.set_defaults(handler=handle)


def add_sync_options(parser, force_help: str) -> None:
    """The options `sync` and `upload` share: they run the same sync."""
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    parser.add_argument("--force", action="store_true", help=force_help)
    parser.add_argument(
        "--allow-mass-change",
        action="store_true",
        help="let a sync remove or reject more than the limits (BUDGET_SYNC_MAX_REMOVED_SHARE / "
        "BUDGET_SYNC_MAX_REJECTED_SHARE, default 20%%)",
    )


def handle(args) -> int:
    return run_and_print(args, trigger="cli")


def run_and_print(args, *, trigger: str, upload_path: str | None = None) -> int:
    """One sync of `args.customer` (shared with `upload`): a Dagster run of `sync_customer` on the
    configured instance when DAGSTER_HOME is set, else `run_sync` in this process."""
    import os

    from budget_sync.pipeline import SyncFailed, raw_from_file, run_sync
    from budget_sync.pipeline.run import active_customer
    from budget_sync.store.db import ready_engine

    raw = raw_from_file(args.customer, upload_path) if upload_path else None
    engine = ready_engine()
    options = {"trigger": trigger, "force": args.force, "allow_mass_change": args.allow_mass_change}
    if os.environ.get("DAGSTER_HOME"):
        from budget_sync.defs.cli_runs import run_sync_in_dagster

        customer = active_customer(engine, args.customer)
        path = str(Path(upload_path).expanduser().resolve()) if upload_path else None
        outcome = run_sync_in_dagster(engine, customer, upload_path=path, **options)
        return print_outcome(outcome, as_json=args.json)
    try:
        outcome = run_sync(engine, args.customer, raw=raw, **options)
    except SyncFailed as exc:
        return print_outcome(exc.outcome, as_json=args.json)
    return print_outcome(outcome, as_json=args.json)


def print_outcome(outcome, *, as_json: bool) -> int:
    """Print a sync outcome (shared with `upload`); returns the exit code."""
    import sys

    from budget_sync.pipeline import result_json, summary_lines

    if as_json:
        print(json.dumps(result_json(outcome), indent=2))
    elif outcome.success:
        print("\n".join(summary_lines(outcome)))
    else:
        print(f"budget-sync: {outcome.error}", file=sys.stderr)
        print("Budget checks keep using the data of the last good sync.", file=sys.stderr)
    return 0 if outcome.success else 1
