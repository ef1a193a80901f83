"""The ``budget-sync`` command.

Each subcommand lives in its own module under ``budget_sync.cli`` and exposes ``register(subparsers)``;
handlers import heavy libraries (Dagster, SQLAlchemy drivers) inside the function so ``--help`` is quick.
A handler returns the process exit code. ``BudgetSyncError`` becomes a one-line message and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from budget_sync.errors import BudgetSyncError

COMMAND_MODULES = ("db", "check", "preview", "serve", "sources", "sync", "sync_now", "upload")

DESCRIPTION = """Keep customers' FP&A budgets in a local budget database.

Typical flow:
  budget-sync db upgrade                      create or migrate the budget database
  budget-sync sources apply customers.yaml    register customers and their sources
  budget-sync preview export.xlsx             see how a file maps, without writing anything
  budget-sync sync acme                       sync one customer now
  budget-sync check acme Marketing 1200       is there budget for this purchase?

The database is BUDGET_SYNC_DATABASE_URL (default: SQLite under .budget_sync/)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budget-sync", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"budget_sync.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"budget_sync.cli.{name}":
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0 if args.command is None else 2
    try:
        return int(args.handler(args) or 0)
    except BudgetSyncError as exc:
        print(f"budget-sync: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        message = database_unreachable(exc)
        if message is None:
            raise
        print(f"budget-sync: {message}", file=sys.stderr)
        return 2


def database_unreachable(exc: Exception) -> str | None:
    """A budget database that cannot be reached is a setting to fix, not a crash. The driver's own first
    line names host and port, never the password; None for any other error."""
    if not type(exc).__module__.startswith("sqlalchemy"):
        return None
    from sqlalchemy.exc import OperationalError

    if not isinstance(exc, OperationalError):
        return None
    detail = (str(exc.orig or exc).strip().splitlines() or ["unknown error"])[0]
    return f"cannot use the budget database (BUDGET_SYNC_DATABASE_URL): {detail}"


if __name__ == "__main__":
    sys.exit(main())
