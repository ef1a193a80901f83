"""A budget database owned by a real non-superuser role (as in production), seeded with two customers, and
uniquely named downstream roles that are dropped afterwards, also when a test fails.

Roles are cluster-wide, so every name carries a uuid suffix; parallel runs never share one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
import sqlalchemy as sa

from budget_sync.config import CustomerConfig
from budget_sync.store.customers import upsert_customers
from budget_sync.store.db import get_engine, upgrade
from budget_sync.store.importer import import_budgets
from budget_sync.store.notifications import add_notification
from budget_sync.store.syncs import record_sync

from ..store.conftest import budget

CUSTOMERS = ("acme", "globex")


@dataclass
class AccessDatabase:
    """`url` as the PostgreSQL superuser; `owner` is the role that migrated (owns the tables) and syncs."""

    url: str
    owner: str
    owner_engine: sa.Engine
    roles: list[str] = field(default_factory=list)
    engines: list[sa.Engine] = field(default_factory=list)

    def url_as(self, role: str) -> str:
        return sa.engine.make_url(self.url).set(username=role).render_as_string(hide_password=False)

    def engine_as(self, role: str) -> sa.Engine:
        """Separate connections logged in as `role` (trust authentication on the test server)."""
        engine = sa.create_engine(self.url_as(role))
        self.engines.append(engine)
        return engine

    def new_role(self, prefix: str = "app") -> str:
        name = f"bs_test_{prefix}_{uuid.uuid4().hex[:10]}"
        admin(self.url, f'CREATE ROLE "{name}" LOGIN')
        self.roles.append(name)
        return name


def admin(url: str, *statements: str) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def seed(engine: sa.Engine) -> None:
    """Two customers with budgets, utilization, audit rows, a sync each and a notification each."""
    upsert_customers(
        engine,
        [
            CustomerConfig(id=c, name=c.title(), source={"type": "local", "path": f"/drops/{c}"})
            for c in CUSTOMERS
        ],
    )
    for customer, amount in zip(CUSTOMERS, ("1000.00", "2000.00"), strict=True):
        result = import_budgets(
            engine,
            customer,
            [budget(d, f"2025-{m:02d}", amount) for d in ("Marketing", "Sales") for m in (1, 2, 3)],
        )
        record_sync(engine, result=result, status="success")
        add_notification(engine, customer, "info", f"{customer} synced", "6 budgets")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO budget_utilization (budget_id, committed_amount, reserved_amount) "
                "SELECT id, :committed, :reserved FROM budgets WHERE fiscal_period <> '2025-03'"
            ),
            {"committed": Decimal("100.25"), "reserved": Decimal("50.50")},
        )


@pytest.fixture
def access_db(pg_url) -> Iterator[AccessDatabase]:
    owner = f"bs_test_owner_{uuid.uuid4().hex[:10]}"
    database = AccessDatabase(pg_url, owner, None)  # type: ignore[arg-type]
    try:
        admin(pg_url, f'CREATE ROLE "{owner}" LOGIN', f'GRANT CREATE ON SCHEMA public TO "{owner}"')
        database.owner_engine = get_engine(database.url_as(owner))
        database.engines.append(database.owner_engine)
        upgrade(database.owner_engine)
        seed(database.owner_engine)
        yield database
    finally:
        for engine in database.engines:
            engine.dispose()
        drop_roles(pg_url, [*database.roles, owner])


def drop_roles(url: str, names: list[str]) -> None:
    """Drop the roles that exist, after what they own or were granted in this database (readers first)."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            existing = set(conn.execute(sa.text("SELECT rolname FROM pg_roles")).scalars())
            for name in (n for n in names if n in existing):
                conn.exec_driver_sql(f'DROP OWNED BY "{name}"')
                conn.exec_driver_sql(f'DROP ROLE "{name}"')
    finally:
        engine.dispose()


def rows(engine: sa.Engine, sql: str, **params) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]
