"""The budget check's one query, kept lean for its latency target (p50 <= 0.3 ms on PostgreSQL).

No SQLAlchemy compilation or reflection on the hot path: the SQL text per dialect and variant is built
once and run on the driver cursor. On PostgreSQL it is a server-side prepared statement, prepared once per
pooled connection (planning costs more than running it), and runs in autocommit when we own the
connection: one round trip, no BEGIN / ROLLBACK.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy.engine import Engine

PREPARED = "budget_sync_prepared"  # key in the pooled connection's info: names prepared on it
PARAMS = ("customer", "department", "sub", "when")


@cache
def check_sql(dialect: str, with_sub: bool, by_period: bool) -> str:
    """The query for one variant: `:name` parameters for SQLite, `$n` for a PostgreSQL PREPARE."""
    pg = dialect == "postgresql"
    mark = dict(zip(PARAMS, ("$1", "$2", "$3", "$4"), strict=True))
    if not pg:
        mark = {name: f":{name}" for name in mark}
    when = f"{mark['when']}::date" if pg and not by_period else mark["when"]
    where = [
        f"b.customer_id = {mark['customer']}",
        f"b.department = {mark['department']}",
        "b.removed_from_source_at IS NULL",
    ]
    if with_sub:
        where.append(f"b.sub_category IN ({mark['sub']}, '')")
    if by_period:
        where.append(f"b.fiscal_period = {when}")
    else:
        where.append(f"b.period_start <= {when} AND b.period_end >= {when}")
    return (
        "SELECT b.fiscal_period, b.sub_category, b.currency, b.budgeted_amount, "
        "u.committed_amount, u.reserved_amount, s.last_synced_at, s.sync_frequency "
        "FROM budgets b "
        "LEFT JOIN budget_utilization u ON u.budget_id = b.id "
        "LEFT JOIN budget_sources s ON s.customer_id = b.customer_id "
        "WHERE " + " AND ".join(where)
    )


def statement_name(with_sub: bool, by_period: bool) -> str:
    return f"budget_sync_check_{int(with_sub)}{int(by_period)}"


def fetch(db: Any, with_sub: bool, by_period: bool, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    dialect = db.dialect.name
    if isinstance(db, Engine):
        pooled = db.raw_connection()
        try:
            return _run(pooled, dialect, with_sub, by_period, params, own=True)
        finally:
            pooled.close()
    return _run(db.connection, dialect, with_sub, by_period, params, own=not db.in_transaction())


def _run(
    pooled: Any, dialect: str, with_sub: bool, by_period: bool, params: tuple[Any, ...], *, own: bool
) -> list[tuple[Any, ...]]:
    """On PostgreSQL the query is a server-side prepared statement (planning costs more than running it),
    prepared once per connection; when we own the connection it runs in autocommit: one round trip."""
    dbapi = pooled.driver_connection
    cursor = dbapi.cursor()
    try:
        if dialect != "postgresql":
            cursor.execute(
                check_sql(dialect, with_sub, by_period),
                dict(zip(PARAMS, params, strict=True)),
            )
            return list(cursor.fetchall())
        switch = own and not dbapi.autocommit
        if switch:
            dbapi.autocommit = True
        try:
            try:
                return _execute_prepared(pooled, cursor, with_sub, by_period, params)
            except Exception as exc:
                # 26000: the statement was dropped behind our back (DISCARD ALL, DEALLOCATE).
                if getattr(exc, "pgcode", None) != "26000" or not own:
                    raise
                pooled.info.pop(PREPARED, None)
                return _execute_prepared(pooled, cursor, with_sub, by_period, params)
        finally:
            if switch:
                dbapi.autocommit = False
    finally:
        cursor.close()


def _execute_prepared(
    pooled: Any, cursor: Any, with_sub: bool, by_period: bool, params: tuple[Any, ...]
) -> list[tuple[Any, ...]]:
    name = statement_name(with_sub, by_period)
    prepared = pooled.info.setdefault(PREPARED, set())
    if name not in prepared:
        cursor.execute(
            f"PREPARE {name} (text, text, text, text) AS {check_sql('postgresql', with_sub, by_period)}"
        )
        prepared.add(name)
    cursor.execute(f"EXECUTE {name} (%s, %s, %s, %s)", params)
    return list(cursor.fetchall())
