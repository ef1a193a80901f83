"""`budget-sync db upgrade` (create or migrate the budget database) and the downstream roles' access:
`db grant-reader`, `db grant-spend-app`, `db revoke`, `db roles` (PostgreSQL row-level security)."""

from __future__ import annotations

import json


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
    _register_access(commands)


def _register_access(commands) -> None:
    url_help = "database URL (default: BUDGET_SYNC_DATABASE_URL)"
    kinds = {
        "grant-reader": "read these customers' budgets, utilization, availability, syncs, audit log and "
        "notifications (nothing else, no writes)",
        "grant-spend-app": "read like grant-reader, write these customers' budget_utilization and mark "
        "their notifications read",
    }
    for name, what in kinds.items():
        grant = commands.add_parser(
            name,
            help=f"let an existing database role {what.split(' (')[0].split(', write')[0]}"
            + (" and write their utilization" if name == "grant-spend-app" else ""),
            description=f"Let an existing PostgreSQL role {what}. Row-level security shows it no other "
            "customer's rows. The DBA creates the login role and its password; this only grants.",
        )
        grant.add_argument("role", metavar="ROLE", help="existing PostgreSQL role (not a superuser or owner)")
        grant.add_argument(
            "--customers", required=True, help="comma-separated customer ids, e.g. acme,globex"
        )
        grant.add_argument("--dry-run", action="store_true", help="print the SQL without running it")
        grant.add_argument("--url", help=url_help)
        grant.set_defaults(handler=handle_grant, write=name == "grant-spend-app")
    revoke = commands.add_parser(
        "revoke",
        help="take customers (default: all) from a role",
        description="Take the named customers, or all of them, from a role; with none left its privileges on "
        "the budget tables are revoked too. Run it before DROP ROLE.",
    )
    revoke.add_argument("role", metavar="ROLE")
    revoke.add_argument("--customers", help="comma-separated customer ids (default: every customer)")
    revoke.add_argument("--dry-run", action="store_true", help="print the SQL without running it")
    revoke.add_argument("--url", help=url_help)
    revoke.set_defaults(handler=handle_revoke)
    roles = commands.add_parser("roles", help="list which roles see which customers")
    roles.add_argument("--json", action="store_true", help="print JSON")
    roles.add_argument("--url", help=url_help)
    roles.set_defaults(handler=handle_roles)


def handle_upgrade(args) -> int:
    from budget_sync.store.db import get_engine, upgrade

    engine = get_engine(args.url)
    try:
        revision = upgrade(engine)
    finally:
        engine.dispose()
    print(f"budget database at revision {revision} ({engine.url.render_as_string(hide_password=True)})")
    return 0


def _customers(value: str | None) -> list[str] | None:
    return None if value is None else [c.strip() for c in value.split(",") if c.strip()]


def handle_grant(args) -> int:
    from budget_sync.store import access
    from budget_sync.store.db import ready_engine

    grant = access.grant_spend_app if args.write else access.grant_reader
    statements = grant(
        ready_engine(args.url), args.role, _customers(args.customers) or [], dry_run=args.dry_run
    )
    _print(statements, args.dry_run)
    return 0


def handle_revoke(args) -> int:
    from budget_sync.store import access
    from budget_sync.store.db import ready_engine

    statements = access.revoke(
        ready_engine(args.url), args.role, _customers(args.customers), dry_run=args.dry_run
    )
    _print(statements, args.dry_run)
    return 0


def handle_roles(args) -> int:
    from budget_sync.store import access
    from budget_sync.store.db import ready_engine

    found = access.list_access(ready_engine(args.url))
    if args.json:
        print(json.dumps([r.as_dict() for r in found], indent=2))
        return 0
    if not found:
        print("no role has been granted any customer")
    for r in found:
        gone = "  (role no longer exists: run `budget-sync db revoke` for it)" if not r.exists else ""
        print(f"{r.role}: reads {', '.join(r.read) or '-'}; spend app for {', '.join(r.write) or '-'}{gone}")
    return 0


def _print(statements: list[str], dry_run: bool) -> None:
    if dry_run:
        print("-- dry run: nothing was changed; this SQL would run in one transaction")
    print("\n".join(statements))
