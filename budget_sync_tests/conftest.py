"""Fixtures shared by every test area: throwaway databases on the real PostgreSQL and on SQLite.

PostgreSQL is expected at 127.0.0.1:5432 (user postgres, trust auth); BUDGET_SYNC_TEST_PG overrides the
server URL. Under CI=true a missing server fails the run instead of skipping.
"""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from budget_sync.store.db import release_engine

PG_SERVER = os.environ.get("BUDGET_SYNC_TEST_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")


def _pg_available() -> str | None:
    try:
        engine = sa.create_engine(PG_SERVER, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # pragma: no cover - depends on the machine
        return str(exc).splitlines()[0]


@pytest.fixture(scope="session")
def pg_database_factory():
    """Creates throwaway PostgreSQL databases; drops them all when the session ends."""
    problem = _pg_available()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI=true but unreachable at {PG_SERVER}: {problem}")
        pytest.skip(f"PostgreSQL unreachable at {PG_SERVER}: {problem}")
    admin = sa.create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    created: list[str] = []

    def make() -> str:
        name = f"budget_sync_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return str(sa.engine.make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False))

    yield make
    with admin.connect() as conn:
        for name in created:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url(pg_database_factory):
    """A new, empty PostgreSQL database for this test. The process's cached engine for it is released
    afterwards: its idle pooled connection would otherwise stay open until the session ends, one per
    test database, up to the server's connection limit."""
    url = pg_database_factory()
    yield url
    release_engine(url)


@pytest.fixture
def sqlite_url(tmp_path):
    """A new, empty SQLite database file for this test."""
    url = f"sqlite:///{tmp_path / 'budgets.db'}"
    yield url
    release_engine(url)


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request) -> str:
    """The same test on the embedded default (SQLite) and on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")
