"""`budget-sync upload CUSTOMER FILE`: sync a customer from a file you have, exactly as a scheduled sync."""

from __future__ import annotations

from budget_sync.cli.sync import add_sync_options


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "upload",
        help="sync one customer from a local file",
        description="Map and import FILE for CUSTOMER with the customer's mapping settings, like a "
        "scheduled sync of its source would (the file is the customer's full export). With DAGSTER_HOME "
        "set, it is a run of the sync_customer job on that Dagster instance, the file handed in as run config.",
    )
    parser.add_argument("customer", help="customer id as in the customers file")
    parser.add_argument("file", help="the export file (CSV, XLSX, XLS, ODS, ...)")
    add_sync_options(parser, force_help="import even if this file was the last one synced")
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    from budget_sync.cli.sync import run_and_print

    return run_and_print(args, trigger="upload", upload_path=args.file)
