"""Budget service settings per customer (tier, ttl_seconds, refresh_wait_ms, max_staleness_seconds,
block_overcommit) in `budget_sources.service`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("budget_sources") as batch:
        batch.add_column(sa.Column("service", Json, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("budget_sources") as batch:
        batch.drop_column("service")
