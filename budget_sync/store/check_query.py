"""The budget check's query, kept lean for its latency target (p50 <= 0.3 ms on PostgreSQL).

No SQLAlchemy compilation or reflection on the hot path: the SQL text per dialect and variant is built
once and run on the driver cursor. On PostgreSQL it is a server-side prepared statement, prepared once per
pooled connection (planning costs more than running it), and runs in autocommit when we own the
connection: one round trip, no BEGIN / ROLLBACK. A check by period that finds no exact budget runs the
period roll-up's statement (`rollup.roll_up_statement`) right after, on the same connection and cursor: two
round trips in all, still no transaction of our own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy.engine import Engine

PREPARED = "budget_sync_prepared"  # key in the pooled connection's info: names prepared on it
PARAMS = ("customer", "department", "sub", "when")
# A prepared statement: its name, the PREPARE's "(types) AS query" text, and the parameters of an EXECUTE.
Statement = tuple[str, str, tuple[Any, ...]]
Rows = list[tuple[Any, ...]]


@cache
def budget_sql(dialect: str, with_sub: bool, by_period: bool) -> str:
    """The budgets branch of one variant: `:name` parameters for SQLite, `$n` (as initplans) for a
    PostgreSQL PREPARE. Its rows leave the registry columns NULL (`REGISTRY_COLUMNS`)."""
    if dialect == "postgresql":
        # Each parameter as an initplan: a custom plan cannot see its value, so it never looks cheaper than
        # the generic one. Otherwise the first checks on a connection for a department or period without
        # a budget (estimated at one row) kept PostgreSQL planning every later check anew (0.3 ms each).
        mark = {name: f"(SELECT ${n}::text)" for n, name in enumerate(PARAMS, 1)}
        when = mark["when"] if by_period else "(SELECT $4::date)"
        empty = "NULL::timestamptz, NULL::text"
        # Amounts as text (what SQLite stores): the check turns only the rows it uses into Decimals.
        amounts = "b.budgeted_amount::text, u.committed_amount::text, u.reserved_amount::text"
    else:
        mark = {name: f":{name}" for name in PARAMS}
        when = mark["when"]
        empty = "NULL, NULL"
        amounts = "b.budgeted_amount, u.committed_amount, u.reserved_amount"
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
        f"SELECT b.fiscal_period, b.sub_category, b.currency, {amounts}, {empty} "
        "FROM budgets b "
        "LEFT JOIN budget_utilization u ON u.budget_id = b.id "
        "WHERE " + " AND ".join(where)
    )


REGISTRY_COLUMNS = "s.last_synced_at, s.sync_frequency"


@cache
def check_sql(dialect: str, with_sub: bool, by_period: bool) -> str:
    """One variant's statement: the budgets branch and one more row, the customer's registry columns
    (fiscal_period NULL), which `merged` puts on each budget row. Joined to every budget row instead, they
    cost more than the budgets themselves: a join filter per row, and a timestamp to format and parse per
    row (on PostgreSQL about a third of the whole statement)."""
    customer = "(SELECT $1::text)" if dialect == "postgresql" else ":customer"
    return (
        f"{budget_sql(dialect, with_sub, by_period)} UNION ALL "
        f"SELECT NULL, NULL, NULL, NULL, NULL, NULL, {REGISTRY_COLUMNS} "
        f"FROM budget_sources s WHERE s.customer_id = {customer}"
    )


def merged(rows: Rows) -> Rows:
    """`check_sql`'s rows as the check reads them: budget rows only, each with the customer's
    last_synced_at and sync_frequency (NULLs for a customer not in the registry, as a LEFT JOIN)."""
    registry: tuple[Any, ...] | None = None
    budgets = []
    for row in rows:
        if row[0] is None:
            registry = tuple(row[6:8])
        else:
            budgets.append(row)
    if registry is None:
        return budgets
    return [(*row[:6], *registry) for row in budgets]


def statement_name(with_sub: bool, by_period: bool) -> str:
    return _CHECKS[with_sub, by_period][0]


@cache
def _check_statement(with_sub: bool, by_period: bool) -> tuple[str, str, str]:
    name = f"budget_sync_check_{int(with_sub)}{int(by_period)}"
    prepare = f"(text, text, text, text) AS {check_sql('postgresql', with_sub, by_period)}"
    return name, prepare, f"EXECUTE {name} (%s, %s, %s, %s)"


_CHECKS = {(w, p): _check_statement(w, p) for w in (False, True) for p in (False, True)}


def fetch(
    db: Any,
    with_sub: bool,
    by_period: bool,
    params: tuple[Any, ...],
    if_empty: Callable[[], Statement] | None = None,
) -> tuple[Rows, Rows | None]:
    """The check query's rows and, on PostgreSQL when they are empty and `if_empty` is given, the rows of
    the statement it returns, run next on the same connection (None when it did not run)."""
    if isinstance(db, Engine):
        pooled = db.raw_connection()
        try:
            return _run(pooled, db.dialect.name, with_sub, by_period, params, if_empty, own=True)
        finally:
            pooled.close()
    return _run(
        db.connection, db.dialect.name, with_sub, by_period, params, if_empty, own=not db.in_transaction()
    )


def _run(
    pooled: Any,
    dialect: str,
    with_sub: bool,
    by_period: bool,
    params: tuple[Any, ...],
    if_empty: Callable[[], Statement] | None,
    *,
    own: bool,
) -> tuple[Rows, Rows | None]:
    dbapi = pooled.driver_connection
    cursor = dbapi.cursor()
    try:
        if dialect != "postgresql":
            cursor.execute(
                check_sql(dialect, with_sub, by_period),
                dict(zip(PARAMS, params, strict=True)),
            )
            return merged(cursor.fetchall()), None
        switch = own and not dbapi.autocommit
        level = dbapi.isolation_level if switch else None
        if switch:
            if level is not None:
                # An explicit level (SQLAlchemy sets one back after any `isolation_level` execution
                # option) makes psycopg2 send `SET default_transaction_isolation` at each autocommit
                # switch: two more round trips a check. One statement in autocommit reads the same at any
                # level, so the level is set aside (no round trip outside a transaction) and put back.
                dbapi.isolation_level = None
            dbapi.autocommit = True
        try:
            name, prepare, execute = _CHECKS[with_sub, by_period]
            rows = merged(_execute(pooled, cursor, name, prepare, execute, params, own))
            if rows or if_empty is None:
                return rows, None
            name, prepare, params = if_empty()
            execute = f"EXECUTE {name} ({', '.join(['%s'] * len(params))})"
            return rows, _execute(pooled, cursor, name, prepare, execute, params, own)
        finally:
            if switch:
                dbapi.autocommit = False
                if level is not None:
                    dbapi.isolation_level = level
    finally:
        cursor.close()


def _execute(
    pooled: Any, cursor: Any, name: str, prepare: str, execute: str, params: tuple[Any, ...], own: bool
) -> Rows:
    """EXECUTE a statement prepared once per connection (PREPARE first if this connection has not)."""
    try:
        return _execute_prepared(pooled, cursor, name, prepare, execute, params)
    except Exception as exc:
        # 26000: the statement was dropped behind our back (DISCARD ALL, DEALLOCATE). In the caller's
        # transaction the error aborted it: nothing to retry there.
        if getattr(exc, "pgcode", None) != "26000" or not own:
            raise
        pooled.info.pop(PREPARED, None)
        return _execute_prepared(pooled, cursor, name, prepare, execute, params)


def _execute_prepared(
    pooled: Any, cursor: Any, name: str, prepare: str, execute: str, params: tuple[Any, ...]
) -> Rows:
    prepared = pooled.info.get(PREPARED)
    if prepared is None:
        prepared = pooled.info[PREPARED] = set()
    if name not in prepared:
        cursor.execute(f"PREPARE {name} {prepare}")
        prepared.add(name)
    cursor.execute(execute, params)
    rows: Rows = cursor.fetchall()
    return rows
