"""Which customers a downstream database role may see: the grants behind row-level security (migration 0002).

PostgreSQL only. A grant is a `budget_access` row (role, customer, can_write) plus the table privileges the
role needs; the policies then show the role exactly its customers' rows. Two kinds of access:

- reader: SELECT on `budgets`, `budget_utilization`, `budget_audit_log`, `budget_syncs`, `notifications`,
  `budget_availability`, its own `budget_access` rows, and the status columns of `budget_sources` (not the
  source, mapping and notify settings: where and how a customer's data is fetched is not a reader's business);
- spend app: the same, plus INSERT on `budget_utilization`, UPDATE of its amounts, and UPDATE of
  `notifications.read_at` (marking read), for its `can_write` customers only.

Each function plans the SQL against the current grants and returns the statements, literals rendered by
the driver, exactly as sent to the server; `dry_run=True` returns them without running anything. Login roles and passwords stay with the DBA: the role must exist, and roles
that bypass row-level security (superuser, BYPASSRLS, the tables' owner or a member of it) are refused,
since a grant would not limit what they see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from budget_sync.errors import ConfigError
from budget_sync.store.db import transaction

READ_TABLES = (
    "budgets",
    "budget_utilization",
    "budget_audit_log",
    "budget_syncs",
    "notifications",
    "budget_availability",
    "budget_access",
)
SOURCE_STATUS_COLUMNS = (
    "customer_id",
    "name",
    "source_type",
    "sync_frequency",
    "timezone",
    "fiscal_year_start_month",
    "default_currency",
    "active",
    "last_synced_at",
    "last_status",
    "last_error",
    "last_sync_id",
    "created_at",
    "updated_at",
)
UTILIZATION_AMOUNTS = ("committed_amount", "reserved_amount", "updated_at")


@dataclass(frozen=True)
class RoleAccess:
    """One role's grants: customers it reads only, customers it also writes (spend app)."""

    role: str
    exists: bool
    read: tuple[str, ...] = field(default_factory=tuple)
    write: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "exists": self.exists, "read": list(self.read), "write": list(self.write)}


def grant_reader(
    db: Engine | Connection, role: str, customers: Iterable[str], *, dry_run: bool = False
) -> list[str]:
    """Let `role` read these customers' rows (read-only: a spend-app grant on them becomes read-only)."""
    return _grant(db, role, customers, write=False, dry_run=dry_run)


def grant_spend_app(
    db: Engine | Connection, role: str, customers: Iterable[str], *, dry_run: bool = False
) -> list[str]:
    """Let `role` read these customers' rows, write their utilization and mark their notifications read."""
    return _grant(db, role, customers, write=True, dry_run=dry_run)


def revoke(
    db: Engine | Connection, role: str, customers: Iterable[str] | None = None, *, dry_run: bool = False
) -> list[str]:
    """Take these customers (default: all) from `role`; with none left, its table privileges go too.

    Works for a role that was dropped meanwhile (its leftover grants are deleted)."""
    with transaction(db, write=True) as conn:
        _require_postgres(conn)
        granted = _granted(conn, role)
        exists = _role(conn, role) is not None
        if not exists and not granted:
            raise ConfigError(f"role '{role}' does not exist and has no grants; see `budget-sync db roles`")
        chosen = set(granted) if customers is None else set(_customer_list(customers))
        left = {c: w for c, w in granted.items() if c not in chosen}
        statements = [_delete(conn, role, None if customers is None else sorted(chosen))]
        if exists:
            if not left:
                statements.append(
                    f"REVOKE ALL ON {', '.join(READ_TABLES)}, budget_sources FROM {_ident(role)}"
                )
            elif not any(left.values()):
                statements += _revoke_writes(role)
        return _run(conn, statements, dry_run)


def list_access(db: Engine | Connection) -> list[RoleAccess]:
    """Every role with grants, by name; `exists` is False for a role dropped without `revoke`."""
    with transaction(db) as conn:
        _require_postgres(conn)
        rows = conn.execute(
            sa.text(
                "SELECT a.role_name, a.customer_id, a.can_write, r.rolname IS NOT NULL FROM budget_access a "
                "LEFT JOIN pg_roles r ON r.rolname = a.role_name ORDER BY a.role_name, a.customer_id"
            )
        ).all()
    found: dict[str, dict[str, Any]] = {}
    for role, customer, can_write, exists in rows:
        entry = found.setdefault(role, {"exists": exists, "read": [], "write": []})
        entry["write" if can_write else "read"].append(customer)
    return [RoleAccess(role, e["exists"], tuple(e["read"]), tuple(e["write"])) for role, e in found.items()]


def _grant(
    db: Engine | Connection, role: str, customers: Iterable[str], *, write: bool, dry_run: bool
) -> list[str]:
    wanted = _customer_list(customers)
    with transaction(db, write=True) as conn:
        _require_postgres(conn)
        _require_limited_role(conn, role)
        _require_customers(conn, wanted)
        who = _ident(role)
        schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
        statements = [
            f"GRANT USAGE ON SCHEMA {_ident(schema)} TO {who}",
            f"GRANT SELECT ON {', '.join(READ_TABLES)} TO {who}",
            f"GRANT SELECT ({', '.join(SOURCE_STATUS_COLUMNS)}) ON budget_sources TO {who}",
            _upsert(conn, role, wanted, write),
        ]
        if write:
            statements += [
                f"GRANT INSERT ON budget_utilization TO {who}",
                f"GRANT UPDATE ({', '.join(UTILIZATION_AMOUNTS)}) ON budget_utilization TO {who}",
                f"GRANT UPDATE (read_at) ON notifications TO {who}",
            ]
        elif not any(w for c, w in _granted(conn, role).items() if c not in wanted):
            statements += _revoke_writes(role)
        return _run(conn, statements, dry_run)


def _revoke_writes(role: str) -> list[str]:
    return [
        f"REVOKE INSERT, UPDATE ON budget_utilization FROM {_ident(role)}",
        f"REVOKE UPDATE ON notifications FROM {_ident(role)}",
    ]


def _upsert(conn: Connection, role: str, customers: list[str], write: bool) -> str:
    values = ", ".join(
        _literal(conn, "(%s, %s, " + ("true" if write else "false") + ", now())", (role, c))
        for c in customers
    )
    return (
        f"INSERT INTO budget_access (role_name, customer_id, can_write, granted_at) VALUES {values} "
        "ON CONFLICT (role_name, customer_id) DO UPDATE SET can_write = EXCLUDED.can_write, "
        "granted_at = EXCLUDED.granted_at"
    )


def _delete(conn: Connection, role: str, customers: list[str] | None) -> str:
    sql, params = "DELETE FROM budget_access WHERE role_name = %s", [role]
    if customers is not None:
        sql += " AND customer_id IN (" + ", ".join(["%s"] * len(customers)) + ")"
        params += customers
    return _literal(conn, sql, tuple(params))


def _run(conn: Connection, statements: list[str], dry_run: bool) -> list[str]:
    """Run the statements in order (unless dry_run) on the transaction's connection; returns them."""
    if not dry_run:
        cursor = _dbapi(conn).cursor()
        try:
            for statement in statements:
                cursor.execute(statement)  # no parameters: the text is sent exactly as returned
        finally:
            cursor.close()
    return [f"{statement};" for statement in statements]


def _literal(conn: Connection, sql: str, params: tuple[Any, ...]) -> str:
    """`sql` with `params` as literals, quoted by the driver exactly as it would send them."""
    cursor = _dbapi(conn).cursor()
    try:
        text = cursor.mogrify(sql, params)
    finally:
        cursor.close()
    return text.decode() if isinstance(text, bytes) else text


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _customer_list(customers: Iterable[str]) -> list[str]:
    wanted = sorted({c.strip() for c in customers if c and c.strip()})
    if not wanted:
        raise ConfigError("--customers: name at least one customer id, e.g. --customers acme,globex")
    return wanted


def _require_postgres(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        raise ConfigError(
            "database roles need PostgreSQL: the budget database (BUDGET_SYNC_DATABASE_URL) is SQLite, which has "
            "no roles or row-level security (anyone who can open the file reads every customer)"
        )


def _dbapi(conn: Connection) -> Any:
    dbapi = conn.connection.dbapi_connection
    if dbapi is None:
        raise RuntimeError("the database connection is closed")
    return dbapi


def _role(conn: Connection, role: str) -> Any:
    return conn.execute(
        sa.text(
            "SELECT r.rolsuper, r.rolbypassrls, pg_has_role(r.oid, c.relowner, 'USAGE') AS owns "
            "FROM pg_roles r, pg_class c WHERE r.rolname = :role AND c.oid = 'budgets'::regclass"
        ),
        {"role": role},
    ).one_or_none()


def _require_limited_role(conn: Connection, role: str) -> None:
    found = _role(conn, role)
    if found is None:
        raise ConfigError(
            f"role '{role}' does not exist; the DBA creates it first (CREATE ROLE ... LOGIN PASSWORD ...), "
            "then grant to it"
        )
    if found.rolsuper or found.rolbypassrls or found.owns:
        why = (
            "is a superuser"
            if found.rolsuper
            else "has BYPASSRLS"
            if found.rolbypassrls
            else "owns the tables"
        )
        raise ConfigError(
            f"role '{role}' {why}, so row-level security does not apply to it and it would see every "
            "customer; grant to a role without that"
        )


def _require_customers(conn: Connection, customers: list[str]) -> None:
    known = set(
        conn.execute(
            sa.text("SELECT customer_id FROM budget_sources WHERE customer_id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": customers},
        ).scalars()
    )
    unknown = [c for c in customers if c not in known]
    if unknown:
        raise ConfigError(
            f"--customers: unknown customer {', '.join(repr(c) for c in unknown)} (not in budget_sources; "
            "see `budget-sync sources list`)"
        )


def _granted(conn: Connection, role: str) -> dict[str, bool]:
    """{customer: can_write} of the role's current grants."""
    rows = conn.execute(
        sa.text("SELECT customer_id, can_write FROM budget_access WHERE role_name = :role"), {"role": role}
    )
    return {customer: can_write for customer, can_write in rows}
