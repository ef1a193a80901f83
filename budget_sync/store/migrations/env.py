"""Alembic environment. Run through `budget_sync.store.db.upgrade(engine)`, which passes an open
connection in `config.attributes["connection"]` (no alembic.ini; script location is this package)."""

from alembic import context

from budget_sync.store.migrations_env import VERSION_TABLE
from budget_sync.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with budget_sync.store.db.upgrade(engine)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
