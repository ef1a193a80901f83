"""`budget-sync sync CUSTOMER`: one sync now, in this process (no Dagster needed)."""

from __future__ import annotations

import json


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="sync one customer now, in process",
        description="Fetch the customer's export, map it and import it now. Exit 0 on success (also when "
        "the source is unchanged and the sync is skipped), 1 when the sync failed; the budgets then "
        "stay as the last good sync left them.",
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
    from budget_sync.pipeline import SyncFailed, run_sync
    from budget_sync.store.db import ready_engine

    engine = ready_engine()
    try:
        outcome = run_sync(
            engine, args.customer, trigger="cli", force=args.force, allow_mass_change=args.allow_mass_change
        )
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
