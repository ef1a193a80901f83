"""The whole content of a budget database as plain data, to assert that a refused file changed nothing."""

from __future__ import annotations

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
