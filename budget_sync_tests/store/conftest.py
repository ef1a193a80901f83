"""Store fixtures: a migrated engine on SQLite and on PostgreSQL, and small helpers to seed and read rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from budget_sync.models import Budget
from budget_sync.store.db import get_engine, upgrade


def make_engine(url: str) -> sa.Engine:
    engine = get_engine(url)
    upgrade(engine)
    return engine


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_engine(pg_url):
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


def budget(department, period, amount, sub=None, currency="USD", ref=None) -> Budget:
    return Budget(department, sub, period, Decimal(amount), currency, ref)


def grid(departments: int, subs: int, months: int, amount: str = "100.00", year: int = 2025) -> list[Budget]:
    """A department x sub-category x month grid of budgets."""
    return [
        budget(f"Dept {d}", f"{year}-{m:02d}", amount, f"Sub {s}")
        for d in range(departments)
        for s in range(subs)
        for m in range(1, months + 1)
    ]


def rows(engine, sql: str, **params) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def table_text(engine, table: str, where: str = "", **params) -> list[tuple]:
    """Every column as the database's own text, ordered: a byte-for-byte comparable snapshot."""
    with engine.connect() as conn:
        columns = [c["name"] for c in sa.inspect(conn).get_columns(table)]
        select = ", ".join(f"CAST({c} AS TEXT)" for c in columns)
        sql = f"SELECT {select} FROM {table} {where} ORDER BY 1"
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def active_budgets(engine, customer="acme") -> dict:
    """{(department, sub_category, period): (amount, currency)} of the customer's active budgets."""
    found = rows(
        engine,
        "SELECT department, sub_category, fiscal_period, budgeted_amount, currency FROM budgets "
        "WHERE customer_id = :c AND removed_from_source_at IS NULL",
        c=customer,
    )
    return {(d, s, p): (Decimal(str(a)), c) for d, s, p, a, c in found}


def audit_actions(engine, customer="acme", sync_id=None) -> list[str]:
    sql = "SELECT action FROM budget_audit_log WHERE customer_id = :c"
    if sync_id:
        sql += " AND sync_id = :s"
    return sorted(r[0] for r in rows(engine, sql, c=customer, s=sync_id))
