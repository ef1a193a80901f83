"""Names shared by the Alembic environment and `db` (kept outside migrations/, which is not a package)."""

VERSION_TABLE = "budget_sync_alembic_version"
