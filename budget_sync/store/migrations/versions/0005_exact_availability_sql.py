"""SQLite's `budget_availability` view subtracts in plain SQL instead of calling the Python function
`money_available`, so the `sqlite3` shell and other clients can read it ("no such function" before).

The arithmetic is exact integer SQL over the decimal text (`store/sqlite_money_sql.py`). PostgreSQL's view
(NUMERIC, security_invoker) is untouched.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from alembic import op

from budget_sync.store.schema import AVAILABILITY_VIEW, availability_view_sql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The view as 0001 created it on SQLite; it needs `money_available`, which `db.get_engine` still registers.
PYTHON_FUNCTION_VIEW = f"""CREATE VIEW {AVAILABILITY_VIEW} AS
SELECT b.id AS budget_id, b.customer_id, b.department, NULLIF(b.sub_category, '') AS sub_category,
       b.fiscal_period, b.period_start, b.period_end, b.currency,
       b.budgeted_amount AS budgeted, COALESCE(u.committed_amount, '0.00') AS committed,
       COALESCE(u.reserved_amount, '0.00') AS reserved,
       money_available(b.budgeted_amount, COALESCE(u.committed_amount, '0.00'),
                       COALESCE(u.reserved_amount, '0.00')) AS available
FROM budgets b LEFT JOIN budget_utilization u ON u.budget_id = b.id
WHERE b.removed_from_source_at IS NULL"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"DROP VIEW IF EXISTS {AVAILABILITY_VIEW}")
    op.execute(availability_view_sql("sqlite"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"DROP VIEW IF EXISTS {AVAILABILITY_VIEW}")
    op.execute(PYTHON_FUNCTION_VIEW)
