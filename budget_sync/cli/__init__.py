"""The ``budget-sync`` command.

Each subcommand lives in its own module under ``budget_sync.cli`` and exposes ``register(subparsers)``;
handlers import heavy libraries (Dagster, SQLAlchemy drivers) inside the function so ``--help`` is quick.
A handler returns the process exit code. ``BudgetSyncError`` becomes a one-line message and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from budget_sync.errors import BudgetSyncError

COMMAND_MODULES = (
    "db",
    "check",
    "preview",
    "serve",
    "sources",
    "sync",
    "sync_now",
    "upload",
    "history",
    "notifications",
)

DESCRIPTION = """Keep customers' FP&A budgets in a local budget database.

Typical flow:
  budget-sync db upgrade                      create or migrate the budget database
  budget-sync sources apply customers.yaml    register customers and their sources
  budget-sync preview export.xlsx             see how a file maps, without writing anything
  budget-sync sync acme                       sync one customer now
  budget-sync check acme Marketing 1200       is there budget for this purchase?
  budget-sync history acme                    the customer's recent syncs (every path records them)

The database is BUDGET_SYNC_DATABASE_URL (default: SQLite under .budget_sync/)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budget-sync", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"budget-sync {installed_version()}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log more to stderr: -v info, -vv debug"
    )
    parser.add_argument(
        "--log-level", choices=LOG_LEVELS, type=str.upper, help="log level (overrides -v; default WARNING)"
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


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("budget_sync")
    except PackageNotFoundError:
        return "unknown (not installed)"


def configure_logging(verbose: int, level: str | None) -> None:
    """The one place the CLI sets up logging: budget_sync's loggers to stderr at the chosen level. The root
    logger is left alone, so Dagster's and pytest's handlers keep working in the same process."""
    chosen = level or ("DEBUG" if verbose >= 2 else "INFO" if verbose == 1 else "WARNING")
    logger = logging.getLogger("budget_sync")
    for old in [h for h in logger.handlers if getattr(h, "budget_sync_cli", False)]:
        logger.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(chosen)  # a Dagster run may lower the logger's level (python_logs in dagster.yaml)
    handler.budget_sync_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(chosen)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose, args.log_level)
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
