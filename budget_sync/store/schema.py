"""The budget database, in SQLAlchemy Core. Changes go through Alembic migrations (store/migrations).

`budgets.sub_category` is never NULL: '' means "no sub-category" so the natural key stays unique on every
database (the API shows None). Money columns use `Money` (NUMERIC on PostgreSQL, exact text on SQLite).
Tables with `info["postgresql_only"]` exist only on PostgreSQL; re-creating `budget_availability` on
PostgreSQL must keep `security_invoker = true` (migration 0002), or readers would see every customer.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from budget_sync.store.money import Money
from budget_sync.store.types import UtcDateTime

metadata = sa.MetaData()

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
Timestamp = UtcDateTime()

budgets = sa.Table(
    "budgets",
    metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("customer_id", sa.String(100), nullable=False),
    sa.Column("department", sa.String(200), nullable=False),
    sa.Column("sub_category", sa.String(200), nullable=False, server_default=""),
    sa.Column("fiscal_period", sa.String(10), nullable=False),
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("budgeted_amount", Money, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("source_ref", sa.Text),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("removed_from_source_at", Timestamp),
    sa.UniqueConstraint(
        "customer_id", "department", "sub_category", "fiscal_period", name="uq_budgets_customer_key"
    ),
)

budget_utilization = sa.Table(
    "budget_utilization",
    metadata,
    sa.Column("budget_id", Id, sa.ForeignKey("budgets.id"), primary_key=True),
    sa.Column("committed_amount", Money, nullable=False, server_default="0"),
    sa.Column("reserved_amount", Money, nullable=False, server_default="0"),
    sa.Column("updated_at", Timestamp, nullable=False, server_default=sa.func.current_timestamp()),
)

budget_audit_log = sa.Table(
    "budget_audit_log",
    metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    # No foreign key on purpose: the log is append-only and budgets are never deleted, and a per-row FK
    # check costs a third of a 100,000-row first load.
    sa.Column("budget_id", Id, nullable=False),
    sa.Column("customer_id", sa.String(100), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("old_value", Json),
    sa.Column("new_value", Json),
    sa.Column("changed_by", sa.String(100), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("sync_id", sa.String(36), nullable=False),
    sa.Column("at", Timestamp, nullable=False),
    sa.Index("ix_budget_audit_log_customer_at", "customer_id", "at"),
    sa.Index("ix_budget_audit_log_budget", "budget_id"),
    sa.Index("ix_budget_audit_log_sync", "sync_id"),
)

budget_sources = sa.Table(
    "budget_sources",
    metadata,
    sa.Column("customer_id", sa.String(100), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("source_type", sa.String(30), nullable=False),
    sa.Column("source", Json, nullable=False),
    sa.Column("mapping", Json, nullable=False),
    sa.Column("sync_frequency", sa.String(30), nullable=False),
    sa.Column("timezone", sa.String(64), nullable=False),
    sa.Column("fiscal_year_start_month", sa.SmallInteger, nullable=False, server_default="1"),
    sa.Column("default_currency", sa.String(3), nullable=False, server_default="USD"),
    sa.Column("notify", Json, nullable=False),
    sa.Column("service", Json),  # budget service settings (tier, ttl_seconds, block_overcommit, ...)
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("last_synced_at", Timestamp),
    sa.Column("last_status", sa.String(20)),
    sa.Column("last_error", sa.Text),
    sa.Column("last_sync_id", sa.String(36)),
    sa.Column("mapping_fingerprint", sa.String(128)),
    sa.Column("last_raw_sha256", sa.String(64)),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
)

budget_syncs = sa.Table(
    "budget_syncs",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("customer_id", sa.String(100), nullable=False),
    sa.Column("run_id", sa.String(64)),
    sa.Column("trigger", sa.String(30)),
    sa.Column("started_at", Timestamp, nullable=False),
    sa.Column("finished_at", Timestamp),
    sa.Column("status", sa.String(20), nullable=False),
    *(
        sa.Column(name, sa.Integer, nullable=False, server_default="0")
        for name in ("total", "created", "updated", "unchanged", "removed", "restored", "rejected")
    ),
    sa.Column("source_file", sa.Text),
    sa.Column("checksum", sa.String(64)),
    sa.Column("error", sa.Text),
    sa.Column("process", sa.String(200)),  # "host:pid" of a running attempt (interrupted detection)
    sa.Index("ix_budget_syncs_customer_started", "customer_id", "started_at"),
)

notifications = sa.Table(
    "notifications",
    metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("customer_id", sa.String(100), nullable=False),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("read_at", Timestamp),
    sa.Index("ix_notifications_customer_created", "customer_id", "created_at"),
)

# PostgreSQL only (migration 0002): the customers each database role may see; read by every row-level
# security policy through `current_user`. Written by `store.access` (`budget-sync db grant-reader` etc.).
budget_access = sa.Table(
    "budget_access",
    metadata,
    sa.Column("role_name", sa.String(63), primary_key=True),
    sa.Column("customer_id", sa.String(100), sa.ForeignKey("budget_sources.customer_id"), primary_key=True),
    sa.Column("can_write", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("granted_at", Timestamp, nullable=False),
    info={"postgresql_only": True},
)

# Row-level security (PostgreSQL, migration 0002), which SQLAlchemy metadata cannot express: the policies
# of each table. The table owner bypasses them (no FORCE); `budget_availability` is security_invoker.
ROW_LEVEL_SECURITY: dict[str, tuple[str, ...]] = {
    "budget_access": ("budget_access_own_grants",),
    "budgets": ("budgets_customer_read",),
    "budget_audit_log": ("budget_audit_log_customer_read",),
    "budget_syncs": ("budget_syncs_customer_read",),
    "budget_sources": ("budget_sources_customer_read",),
    "notifications": ("notifications_customer_read", "notifications_customer_mark_read"),
    "budget_utilization": (
        "budget_utilization_customer_read",
        "budget_utilization_customer_insert",
        "budget_utilization_customer_update",
    ),
}

AVAILABILITY_VIEW = "budget_availability"


def availability_view_sql(dialect: str) -> str:
    """The `budget_availability` view. On SQLite the subtraction is plain integer SQL over the decimal
    text (`sqlite_money_sql`, migration 0005): exact, and readable by any SQLite client."""
    base = """SELECT b.id AS budget_id, b.customer_id, b.department, NULLIF(b.sub_category, '') AS sub_category,
       b.fiscal_period, b.period_start, b.period_end, b.currency,
       b.budgeted_amount AS budgeted, {committed} AS committed, {reserved} AS reserved{available}
FROM budgets b LEFT JOIN budget_utilization u ON u.budget_id = b.id
WHERE b.removed_from_source_at IS NULL"""
    if dialect != "sqlite":
        committed, reserved = "COALESCE(u.committed_amount, 0)", "COALESCE(u.reserved_amount, 0)"
        available = f",\n       b.budgeted_amount - {committed} - {reserved} AS available"
        query = base.format(committed=committed, reserved=reserved, available=available)
        return f"CREATE VIEW {AVAILABILITY_VIEW} AS\n{query}"
    from budget_sync.store import sqlite_money_sql as money_sql

    committed, reserved = "COALESCE(u.committed_amount, '0.00')", "COALESCE(u.reserved_amount, '0.00')"
    amounts = base.format(committed=committed, reserved=reserved, available="")
    columns = (
        "budget_id, customer_id, department, sub_category, fiscal_period, period_start, period_end, currency, "
        "budgeted, committed, reserved"
    )
    parts = ", ".join(money_sql.parts(name) for name in ("budgeted", "committed", "reserved"))
    return f"""CREATE VIEW {AVAILABILITY_VIEW} AS
SELECT {columns},
       {money_sql.as_text("signed_whole", "signed_fraction")} AS available
FROM (SELECT *, {money_sql.same_sign("whole", "fraction")}
      FROM (SELECT *, {money_sql.difference("budgeted", "committed", "reserved")}
            FROM (SELECT *, {parts}
                  FROM ({amounts}))))"""
