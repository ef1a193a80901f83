"""The whole content of a budget database as plain data, to assert that a refused file changed nothing;
and the statements a sync sends about the customer registry, to count its reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa


def database_state(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, so two calls compare equal exactly when no row changed."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sa.inspect(conn).get_table_names()
            return {
                name: sorted(
                    (tuple(row) for row in conn.execute(sa.text(f'SELECT * FROM "{name}"'))), key=repr
                )
                for name in sorted(tables)
            }
    finally:
        engine.dispose()


@dataclass
class RegistryStatements:
    reads: list[str] = field(default_factory=list)
    synced_at_writes: list[str] = field(default_factory=list)


@contextmanager
def registry_statements(engine: Any = sa.engine.Engine) -> Iterator[RegistryStatements]:
    """Collect, while open, every SELECT naming `budget_sources` and every UPDATE of it whose SET moves
    `last_synced_at`, sent through `engine` (default: every engine, e.g. a Dagster resource's own)."""
    seen = RegistryStatements()

    def listener(conn, cursor, statement, parameters, context, executemany):
        sql = " ".join(statement.split()).lower()
        if "budget_sources" not in sql:
            return
        if sql.startswith(("select", "with")):
            seen.reads.append(statement)
        elif sql.startswith("update") and "last_synced_at" in sql.split(" where ")[0]:
            seen.synced_at_writes.append(statement)

    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
