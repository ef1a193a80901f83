"""Initial schema: budgets, utilization, audit log, sources, syncs, notifications, availability view.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from budget_sync.store.money import Money
from budget_sync.store.schema import availability_view_sql
from budget_sync.store.types import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "budget_sources",
        sa.Column("customer_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source_type", sa.String(length=30), nullable=False),
        sa.Column("source", Json, nullable=False),
        sa.Column("mapping", Json, nullable=False),
        sa.Column("sync_frequency", sa.String(length=30), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("fiscal_year_start_month", sa.SmallInteger(), server_default="1", nullable=False),
        sa.Column("default_currency", sa.String(length=3), server_default="USD", nullable=False),
        sa.Column("notify", Json, nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("last_synced_at", UtcDateTime(), nullable=True),
        sa.Column("last_status", sa.String(length=20), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_sync_id", sa.String(length=36), nullable=True),
        sa.Column("mapping_fingerprint", sa.String(length=128), nullable=True),
        sa.Column("last_raw_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("customer_id"),
    )
    op.create_table(
        "budget_syncs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=100), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=True),
        sa.Column("trigger", sa.String(length=30), nullable=True),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated", sa.Integer(), server_default="0", nullable=False),
        sa.Column("unchanged", sa.Integer(), server_default="0", nullable=False),
        sa.Column("removed", sa.Integer(), server_default="0", nullable=False),
        sa.Column("restored", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rejected", sa.Integer(), server_default="0", nullable=False),
        sa.Column("source_file", sa.Text(), nullable=True),
        sa.Column("checksum", sa.String(length=64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_budget_syncs_customer_started", "budget_syncs", ["customer_id", "started_at"])

    op.create_table(
        "budgets",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.String(length=100), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("sub_category", sa.String(length=200), server_default="", nullable=False),
        sa.Column("fiscal_period", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("budgeted_amount", Money(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("source_ref", sa.Text(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("removed_from_source_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "customer_id", "department", "sub_category", "fiscal_period", name="uq_budgets_customer_key"
        ),
    )
    op.create_table(
        "notifications",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.String(length=100), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("read_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_notifications_customer_created", "notifications", ["customer_id", "created_at"])

    op.create_table(
        "budget_audit_log",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("budget_id", Id, nullable=False),
        sa.Column("customer_id", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("old_value", Json, nullable=True),
        sa.Column("new_value", Json, nullable=True),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("sync_id", sa.String(length=36), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_budget_audit_log_budget", "budget_audit_log", ["budget_id"])
    op.create_index("ix_budget_audit_log_customer_at", "budget_audit_log", ["customer_id", "at"])
    op.create_index("ix_budget_audit_log_sync", "budget_audit_log", ["sync_id"])

    op.create_table(
        "budget_utilization",
        sa.Column("budget_id", Id, nullable=False),
        sa.Column("committed_amount", Money(), server_default="0", nullable=False),
        sa.Column("reserved_amount", Money(), server_default="0", nullable=False),
        sa.Column("updated_at", UtcDateTime(), server_default=sa.func.current_timestamp(), nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_id"],
            ["budgets.id"],
        ),
        sa.PrimaryKeyConstraint("budget_id"),
    )
    op.execute(availability_view_sql(op.get_bind().dialect.name))


def downgrade() -> None:
    op.execute("DROP VIEW budget_availability")
    op.drop_table("budget_utilization")
    op.drop_index("ix_budget_audit_log_sync", table_name="budget_audit_log")
    op.drop_index("ix_budget_audit_log_customer_at", table_name="budget_audit_log")
    op.drop_index("ix_budget_audit_log_budget", table_name="budget_audit_log")

    op.drop_table("budget_audit_log")
    op.drop_index("ix_notifications_customer_created", table_name="notifications")

    op.drop_table("notifications")
    op.drop_table("budgets")
    op.drop_index("ix_budget_syncs_customer_started", table_name="budget_syncs")

    op.drop_table("budget_syncs")
    op.drop_table("budget_sources")
