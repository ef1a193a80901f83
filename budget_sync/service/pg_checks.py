"""The check's query on PostgreSQL from the event loop: psycopg2 connections in asynchronous mode, waited on
with the loop's readers and writers, so a check needs no worker thread.

A worker thread costs a hand-off each way and the GIL contention of many threads; at 1,000 checks a
second that was most of the check's time. The statements are the check's (`store.check_query`) and the
period roll-up's (`store.rollup`), each prepared once per connection. A connection whose query failed or was cancelled (the client went away) is
closed, never reused; new ones are made as needed, at most SIZE at once."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg2
import psycopg2.extensions as ext
from sqlalchemy.engine import Engine

from budget_sync.store.check_query import check_sql, statement_name
from budget_sync.store.rollup import overlap_sql

SIZE = 4  # queries in flight at once; more only queue on the database's CPU
CHECK_TYPES = "text, text, text, text"
ROLLUP_TYPES = "text, text, text, date, date"


class _Connection:
    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.prepared: set[str] = set()


class PgChecks:
    def __init__(self, engine: Engine, size: int = SIZE):
        _, params = engine.dialect.create_connect_args(engine.url)
        self._params = params
        self._size = size
        self._idle: list[_Connection] = []
        self._slots: asyncio.Semaphore | None = None

    async def fetch(self, with_sub: bool, by_period: bool, params: tuple) -> list[tuple]:
        """The check query's rows (`store.check_query`)."""
        sql = check_sql("postgresql", with_sub, by_period)
        return await self._query(statement_name(with_sub, by_period), sql, CHECK_TYPES, params)

    async def overlapping(self, with_sub: bool, params: tuple) -> list[tuple]:
        """The roll-up's rows (`store.rollup.overlap_sql`): customer, department, sub, start, end."""
        name = f"budget_sync_rollup_{int(with_sub)}"
        return await self._query(name, overlap_sql(with_sub), ROLLUP_TYPES, params)

    async def _query(self, name: str, sql: str, types: str, params: tuple) -> list[tuple]:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._size)
        async with self._slots:
            conn = self._idle.pop() if self._idle else await self._connect()
            try:
                rows = await self._execute(conn, name, sql, types, params)
            except BaseException:
                conn.raw.close()
                raise
            self._idle.append(conn)
            return rows

    async def _connect(self) -> _Connection:
        raw = psycopg2.connect(**self._params, async_=1)
        try:
            await _wait(raw)
        except BaseException:
            raw.close()
            raise
        return _Connection(raw)

    async def _execute(
        self, conn: _Connection, name: str, sql: str, types: str, params: tuple
    ) -> list[tuple]:
        cursor = conn.raw.cursor()
        try:
            if name not in conn.prepared:
                cursor.execute(f"PREPARE {name} ({types}) AS {sql}")
                await _wait(conn.raw)
                conn.prepared.add(name)
            cursor.execute(f"EXECUTE {name} ({', '.join(['%s'] * len(params))})", params)
            await _wait(conn.raw)
            return cursor.fetchall()
        finally:
            cursor.close()

    def close(self) -> None:
        while self._idle:
            self._idle.pop().raw.close()


async def _wait(raw) -> None:
    """Poll an asynchronous psycopg2 connection until its operation is done (its errors raise here)."""
    loop = asyncio.get_running_loop()
    fd = raw.fileno()
    while True:
        state = raw.poll()
        if state == ext.POLL_OK:
            return
        ready = loop.create_future()

        def wake(future: asyncio.Future = ready) -> None:
            if not future.done():
                future.set_result(None)

        if state == ext.POLL_READ:
            loop.add_reader(fd, wake)
            try:
                await ready
            finally:
                loop.remove_reader(fd)
        elif state == ext.POLL_WRITE:
            loop.add_writer(fd, wake)
            try:
                await ready
            finally:
                loop.remove_writer(fd)
        else:
            raise psycopg2.OperationalError(f"unexpected poll state {state}")
