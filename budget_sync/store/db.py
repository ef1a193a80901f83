"""Engines for the budget database and the schema upgrade every entry point runs first.

`ready_engine()` is the one call entry points need: the engine for the configured URL, migrated to the
latest revision once per process. SQLite engines use WAL and foreign keys, open transactions with an
explicit BEGIN (``BEGIN IMMEDIATE`` for writers, see `transaction(..., write=True)`) and register the
`money_available` function that `budget_availability` used before migration 0005 (a database downgraded
to 0004 still reads it through budget_sync).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from budget_sync.errors import ConfigError
from budget_sync.store.money import subtract

_ready: dict[str, Engine] = {}
_lock = threading.Lock()
MIGRATIONS = Path(__file__).with_name("migrations")
# Namespace for our advisory locks (first key of pg_advisory_xact_lock(int, int)).
LOCK_NAMESPACE = 0x6273  # "bs"


def get_engine(url: str | None = None, *, pool_size: int | None = None) -> Engine:
    """A new engine for `url` (default: the settings' database URL). `pool_size`: connections kept open
    on a server database (SQLAlchemy's default is 5), for a process with that many threads using it.

    A URL that cannot be parsed, or names a database without its driver installed, is a ConfigError
    naming the setting; the message never repeats the URL, which may hold a password.
    """
    setting = "database URL"
    if url is None:
        from budget_sync.settings import load_settings

        url, setting = load_settings().database_url, "BUDGET_SYNC_DATABASE_URL"
    try:
        parsed = _with_installed_driver(sa.engine.make_url(url))
        if parsed.get_backend_name() != "sqlite":
            return sa.create_engine(parsed, **({"pool_size": pool_size} if pool_size else {}))
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise ConfigError(
            f"{setting} cannot be used ({type(exc).__name__}: {_without_url(exc, url)}); expected e.g. "
            "sqlite:////path/budgets.db or postgresql+psycopg2://user@host:5432/budgets"
        ) from None
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, connect_args={"timeout": 60})
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _with_installed_driver(parsed: sa.engine.URL) -> sa.engine.URL:
    """`postgresql://` and `postgres://` (the usual forms) use psycopg2, the driver we install: SQLAlchemy
    2.1 would otherwise pick psycopg 3."""
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg2")
    return parsed


def _without_url(exc: Exception, url: str) -> str:
    """The first line of a driver or parser error, with the URL itself blanked out."""
    first = (str(exc).strip().splitlines() or [""])[0]
    return first.replace(url, "<url>") if url else first


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    _enable_wal(dbapi_connection)
    dbapi_connection.execute("PRAGMA foreign_keys=ON")
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")
    dbapi_connection.create_function("money_available", 3, subtract, deterministic=True)


def _enable_wal(dbapi_connection: Any, wait_seconds: float = 60.0) -> None:
    """Put the file in WAL mode (it stays so). Switching needs an exclusive lock for which SQLite does not
    apply the busy timeout, so when several processes open a fresh file at once the switch is retried."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            if dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                dbapi_connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("sqlite_immediate")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def transaction(db: Engine | Connection, *, write: bool = False) -> Iterator[Connection]:
    """A connection inside a transaction: our own for an Engine, the caller's for a Connection.

    `write=True` takes SQLite's write lock at BEGIN, so two writers queue instead of failing mid-way.
    """
    if isinstance(db, Engine):
        options = {"sqlite_immediate": True} if write and db.dialect.name == "sqlite" else {}
        with db.connect().execution_options(**options) as conn, conn.begin():
            yield conn
    elif db.in_transaction():
        yield db
    else:
        with db.begin():
            yield db


def upgrade(engine: Engine) -> str:
    """Apply every Alembic migration not yet applied; returns the head revision.

    Concurrent upgrades from several processes are serialized (advisory lock / SQLite write lock).
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with transaction(engine, write=True) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:ns, 0)"), {"ns": LOCK_NAMESPACE})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        return current_revision(conn) or ""


def current_revision(conn: Connection) -> str | None:
    from alembic.migration import MigrationContext

    from budget_sync.store.migrations_env import VERSION_TABLE

    return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def release_engine(url: str) -> None:
    """Dispose the process's ready engine for `url` and forget it, closing its pooled connections (e.g.
    before the database is dropped); a later ready_engine(url) starts afresh."""
    with _lock:
        engine = _ready.pop(url, None)
    if engine is not None:
        engine.dispose()


def ready_engine(url: str | None = None, *, pool_size: int | None = None) -> Engine:
    """The engine for `url` (default: settings), upgraded to the latest schema once per process;
    `pool_size` applies when this call creates it (see `get_engine`)."""
    key = url
    if key is None:
        from budget_sync.settings import load_settings

        key = load_settings().database_url
    with _lock:
        engine = _ready.get(key)
        if engine is None:
            engine = get_engine(url, pool_size=pool_size)  # None: errors name BUDGET_SYNC_DATABASE_URL
            upgrade(engine)
            _ready[key] = engine
        return engine
