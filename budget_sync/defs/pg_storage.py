"""Dagster's PostgreSQL run and event log storage, keeping their connections open between writes.

dagster-postgres opens a new PostgreSQL connection for every statement it sends (SQLAlchemy `NullPool`),
so that an idle instance holds none. A batch run stores 8 events per customer (3 materializations, 5
check results) and each event takes 3 to 5 connections (insert, asset index, check index): measured on
a 100-customer batch, 2,385 new connections, a third of the batch's time, and a PostgreSQL backend
started and torn down for each on the same two cores. These subclasses only swap that engine for a
pool keeping one connection open (renewed hourly); threads using the storage at the same moment (the
daemon's) get extra connections opened and closed per use as before, never a wait. Statements, tables and
migrations stay dagster-postgres's own. deploy/dagster.yaml names them as its run and event log storage.

A pooled connection may have been closed by PostgreSQL meanwhile (restart, idle timeout): one idle for
more than PING_AFTER_SECONDS is pinged when taken from the pool and replaced if dead (SQLAlchemy's
pessimistic disconnect handling). Not every checkout: a batch takes one every few milliseconds, and a
ping each time added 2,350 round trips to a 100-customer batch's 5,560 statements.
"""

from __future__ import annotations

import time
from typing import Any

import sqlalchemy as sa
from dagster import Field, StringSource
from dagster_postgres.event_log import PostgresEventLogStorage
from dagster_postgres.run_storage import PostgresRunStorage
from dagster_postgres.utils import create_pg_engine, get_token_provider_from_config, pg_url_from_config

POOL_SIZE = 1
MAX_OVERFLOW = -1  # no limit: beyond the kept one, a connection per use (dagster-postgres's way)
RECYCLE_SECONDS = 3600
PING_AFTER_SECONDS = 10.0
SYNCHRONOUS_COMMIT = ("on", "off", "local", "remote_write", "remote_apply")


def pooled_engine(storage: Any):
    """The storage's engine again, with a pool instead of a connection per statement."""
    kwargs: dict[str, Any] = {
        "isolation_level": "AUTOCOMMIT",
        "pool_size": POOL_SIZE,
        "max_overflow": MAX_OVERFLOW,
        "pool_recycle": RECYCLE_SECONDS,
    }
    engine = create_pg_engine(storage.postgres_url, storage._token_provider, **kwargs)
    sa.event.listen(engine, "checkin", _note_idle_since)
    sa.event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _set_synchronous_commit(value: str):
    def on_connect(dbapi_connection, record) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET synchronous_commit = {value}")  # one of SYNCHRONOUS_COMMIT
        if not dbapi_connection.autocommit:
            dbapi_connection.commit()  # a session setting, kept past this transaction

    return on_connect


def _note_idle_since(dbapi_connection, record) -> None:
    if record is not None:
        record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection, record, proxy) -> None:
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_SECONDS:
        return
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure: the pool discards it and connects anew
        raise sa.exc.DisconnectionError() from exc


def _args(inst_data, config_value) -> dict[str, Any]:
    return {
        "inst_data": inst_data,
        "postgres_url": pg_url_from_config(config_value),
        "should_autocreate_tables": config_value.get("should_autocreate_tables", True),
        "token_provider": get_token_provider_from_config(config_value),
    }


class PooledPostgresEventLogStorage(PostgresEventLogStorage):
    """Also remembers which tables exist: dagster-postgres asks PostgreSQL's catalog whether
    `asset_check_executions` exists before storing each check result (5 catalog queries per customer
    of a batch). Only a table found is remembered; one missing is asked again (a migration adds it).

    `synchronous_commit` (config, default "on"): PostgreSQL's setting for this storage's sessions only.
    Every stored event is several autocommitted statements, each waiting for its WAL flush; "off" lets
    them return before the flush. PostgreSQL stays consistent, but a crash of the PostgreSQL server (not
    of a run or a daemon) may lose the events of the last fraction of a second (up to three times
    `wal_writer_delay`, 0.6 s by default). Budgets are not stored here: the budget database
    (BUDGET_SYNC_DATABASE_URL) keeps its own, synchronous, commits and its `budget_syncs` audit rows."""

    def __init__(self, *args: Any, synchronous_commit: str = "on", **kwargs: Any) -> None:
        if synchronous_commit not in SYNCHRONOUS_COMMIT:
            raise ValueError(f"synchronous_commit must be one of {', '.join(SYNCHRONOUS_COMMIT)}")
        self._tables_found: set[str] = set()
        super().__init__(*args, **kwargs)
        self._engine = pooled_engine(self)
        if synchronous_commit != "on":
            sa.event.listen(self._engine, "connect", _set_synchronous_commit(synchronous_commit))

    @classmethod
    def config_type(cls):
        return {
            **PostgresEventLogStorage.config_type(),
            "synchronous_commit": Field(StringSource, is_required=False, default_value="on"),
        }

    def store_event(self, event) -> None:
        """dagster-postgres 0.29's `store_event` without its `NOTIFY run_events` after each insert: a
        round trip (and a transaction) per event that nothing listens to since Dagster watches events by
        polling (its own comment: "preserved here to support version skew", i.e. webservers older than
        the deployed Dagster, which one deployment of this project never mixes). The rest is the same
        calls in the same order; `test_instance_config` fails when dagster-postgres changes that method,
        so an upgrade re-reads it."""
        from dagster._core.events import ASSET_CHECK_EVENTS, ASSET_EVENTS
        from dagster._core.storage.event_log import SqlEventLogStorageTable

        insert_event_statement = self.prepare_insert_event(event)
        with self._connect() as conn:
            event_id = int(
                conn.execute(insert_event_statement.returning(SqlEventLogStorageTable.c.id)).scalar_one()
            )
        dagster_event = event.dagster_event if event.is_dagster_event else None
        if dagster_event is not None and event.dagster_event_type in ASSET_EVENTS and dagster_event.asset_key:
            with self.index_transaction() as conn:
                self._store_asset_event_tags(conn, [event], [event_id])
                self._store_asset_event(conn, event, event_id)
        if dagster_event is not None and event.dagster_event_type in ASSET_CHECK_EVENTS:
            self.store_asset_check_event(event, event_id)

    def has_table(self, table_name: str) -> bool:
        if table_name in self._tables_found:
            return True
        found = super().has_table(table_name)
        if found:
            self._tables_found.add(table_name)
        return found

    def dispose(self) -> None:
        super().dispose()
        self._engine.dispose()

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> PooledPostgresEventLogStorage:
        return cls(
            **_args(inst_data, config_value),
            synchronous_commit=config_value.get("synchronous_commit", "on"),
        )


class PooledPostgresRunStorage(PostgresRunStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._engine = pooled_engine(self)

    def dispose(self) -> None:
        super().dispose()
        self._engine.dispose()

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> PooledPostgresRunStorage:
        return cls(**_args(inst_data, config_value))
