"""Sync attempts: `budget_syncs.process` names the process running an attempt (host and pid), so an
attempt whose process is gone can be marked `interrupted`.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("budget_syncs") as batch:
        batch.add_column(sa.Column("process", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("budget_syncs") as batch:
        batch.drop_column("process")
