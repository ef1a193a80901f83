"""`budget-sync db upgrade`: create or migrate the budget database to the latest schema."""

from __future__ import annotations


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "db",
        help="manage the budget database",
        description="Manage the budget database (BUDGET_SYNC_DATABASE_URL; default SQLite under .budget_sync/).",
    )
    commands = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = commands.add_parser(
        "upgrade",
        help="apply schema migrations (safe to run any time)",
        description="Apply every schema migration not yet applied and print the revision. Safe to repeat; "
        "concurrent runs wait for each other.",
    )
    upgrade.add_argument(
        "--url", help="database URL (default: BUDGET_SYNC_DATABASE_URL or the SQLite default)"
    )
    upgrade.set_defaults(handler=handle_upgrade)


def handle_upgrade(args) -> int:
    from budget_sync.store.db import get_engine, upgrade

    engine = get_engine(args.url)
    try:
        revision = upgrade(engine)
    finally:
        engine.dispose()
    print(f"budget database at revision {revision} ({engine.url.render_as_string(hide_password=True)})")
    return 0
