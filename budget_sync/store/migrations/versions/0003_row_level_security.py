"""Row-level security: downstream roles see (and the spend app writes) only the customers granted to them.

PostgreSQL only; on SQLite (single-user: whoever opens the file reads everything) this revision does
nothing. `budget_access(role_name, customer_id, can_write)` lists the customers each database role may see;
every policy compares its rows' customer with the grants of `current_user`. Nobody else sees a row: a role
with table privileges but no grant reads nothing. The table owner (the role that runs migrations and
syncs) is not subject to its tables' policies (no FORCE), so the importer runs exactly as before.
`budget_availability` becomes `security_invoker`, so the view applies the reader's policies, not the
owner's. Grants are written by `budget_sync.store.access` (`budget-sync db grant-reader` etc.).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from budget_sync.store.types import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen here on purpose (a later change needs a new revision); `schema.ROW_LEVEL_SECURITY` names them
# so the migrations test can compare the database with the code.
VISIBLE = "SELECT a.customer_id FROM budget_access a WHERE a.role_name = CAST(current_user AS text)"
WRITABLE = f"{VISIBLE} AND a.can_write"
BY_CUSTOMER = ("budgets", "budget_audit_log", "budget_syncs", "budget_sources", "notifications")


def _of_budgets(customers: str) -> str:
    return f"budget_id IN (SELECT b.id FROM budgets b WHERE b.customer_id IN ({customers}))"


POLICIES = (
    ("budget_access", "budget_access_own_grants", "SELECT", "role_name = CAST(current_user AS text)", None),
    *((t, f"{t}_customer_read", "SELECT", f"customer_id IN ({VISIBLE})", None) for t in BY_CUSTOMER),
    (
        "notifications",
        "notifications_customer_mark_read",
        "UPDATE",
        f"customer_id IN ({WRITABLE})",
        f"customer_id IN ({WRITABLE})",
    ),
    ("budget_utilization", "budget_utilization_customer_read", "SELECT", _of_budgets(VISIBLE), None),
    ("budget_utilization", "budget_utilization_customer_insert", "INSERT", None, _of_budgets(WRITABLE)),
    (
        "budget_utilization",
        "budget_utilization_customer_update",
        "UPDATE",
        _of_budgets(WRITABLE),
        _of_budgets(WRITABLE),
    ),
)
TABLES = ("budget_access", *BY_CUSTOMER, "budget_utilization")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_table(
        "budget_access",
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.Column("customer_id", sa.String(length=100), nullable=False),
        sa.Column("can_write", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("granted_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["budget_sources.customer_id"]),
        sa.PrimaryKeyConstraint("role_name", "customer_id"),
    )
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    for table, name, command, using, check in POLICIES:
        sql = f"CREATE POLICY {name} ON {table} FOR {command}"
        sql += f" USING ({using})" if using else ""
        sql += f" WITH CHECK ({check})" if check else ""
        op.execute(sql)
    op.execute("ALTER VIEW budget_availability SET (security_invoker = true)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER VIEW budget_availability RESET (security_invoker)")
    for table, name, *_ in POLICIES:
        op.execute(f"DROP POLICY {name} ON {table}")
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.drop_table("budget_access")
