"""The check's query on PostgreSQL from the event loop: psycopg2 connections in asynchronous mode, waited on
with the loop's readers and writers, so a check needs no worker thread.

A worker thread costs a hand-off each way and the GIL contention of many threads; at 1,000 checks a
second that was most of the check's time. Checks that wait at the same time go to the database together:
a check arriving while no connection is free, or in the same turn of the event loop as others, joins the
next batch; while batches are in flight the next starts only once FILL checks wait or one comes back (else
under load most batches went out with one check, each a round trip and an executor start of its own). A
batch of more than one is one round trip (`batch_sql`: the check's query over the
checks as JSON, rows told apart by the check's position). One check alone runs the check's own
statement (`store.check_query`); the period roll-up runs `store.rollup`'s. Each is prepared once per
connection. A connection whose query failed is closed, never reused (every check of its batch gets the
error); new ones are made as needed, at most SIZE for checks and SIZE for roll-ups at once."""

from __future__ import annotations

import asyncio
from functools import cache
from json.encoder import encode_basestring_ascii as _json  # json.dumps's, for text
from typing import Any

import psycopg2
import psycopg2.extensions as ext
from sqlalchemy.engine import Engine

from budget_sync.store.check_query import REGISTRY_COLUMNS, budget_sql, check_sql, merged, statement_name
from budget_sync.store.rollup import roll_up_statement

SIZE = 4  # batches (and roll-ups) in flight at once; 2 made bigger batches, but neither wrk A/Bs nor
# bench runs told the two apart beyond this machine's noise (docs/benchmarks/service.md)
MAX_BATCH = 64  # checks in one round trip
FILL = 16  # with a batch in flight, the next starts once this many checks wait, or when one comes back
CHECK_TYPES = "text, text, text, text"
VARIANTS = ((False, False), (False, True), (True, False), (True, True))  # (with_sub, by_period)
BATCH_NAME = "budget_sync_check_batch"
_COLUMNS = ("q.customer", "q.department", "q.sub", "q.wanted")  # check_sql's $1..$4


@cache
def batch_sql(variants: tuple[tuple[bool, bool], ...] = VARIANTS) -> str:
    """One statement for many checks.

    For each of `variants` (with_sub, by_period), `budget_sql`'s query joined to that variant's checks: a
    JSON array of objects (i: position in the batch, customer, department, sub, wanted: the period, or
    the date, typed once per check rather than cast per budget row); one text parameter is far cheaper to
    send than arrays of quoted strings. Rows start with the check's position. $1 holds the first
    variant's checks, $2 the second's, and so on; a batch's statement names only the variants it has (an
    empty branch still costs its executor start).

    As in `check_sql`, the registry columns (last_synced_at, sync_frequency) come once per customer, from
    a last branch over the batch's customers ($n+1, a JSON array of ids), in rows with position -1 and
    the customer's id; `PgChecks._batch` puts them back on each of that customer's rows (NULLs for a
    customer without a registry row)."""
    parts = []
    for n, (with_sub, by_period) in enumerate(variants, start=1):
        single = budget_sql("postgresql", with_sub, by_period)
        select, sep, rest = single.partition(" FROM budgets b ")
        if not sep or not select.startswith("SELECT "):
            raise RuntimeError("budget_sql's shape changed; batch_sql needs updating")
        for index in range(len(_COLUMNS), 0, -1):
            # budget_sql wraps each parameter as an initplan, `(SELECT $n::type)`: here the value is the
            # check's own column, used bare so it stays an index condition of the join, not a subplan.
            for kind in ("text", "date"):
                rest = rest.replace(f"(SELECT ${index}::{kind})", _COLUMNS[index - 1])
            rest = rest.replace(f"${index}", _COLUMNS[index - 1])
        columns = select.removeprefix("SELECT ")
        wanted = "text" if by_period else "date"
        parts.append(
            f"SELECT q.i, {columns}, NULL::text FROM json_to_recordset(${n}) "
            f"AS q(i int, customer text, department text, sub text, wanted {wanted}) CROSS JOIN budgets b {rest}"
        )
    parts.append(
        f"SELECT -1, NULL, NULL, NULL, NULL, NULL, NULL, {REGISTRY_COLUMNS}, c.customer "
        f"FROM json_array_elements_text(${len(variants) + 1}) AS c(customer) "
        "JOIN budget_sources s ON s.customer_id = c.customer"
    )
    return " UNION ALL ".join(parts)


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
        self._waiting: list[tuple[tuple[bool, bool], tuple, asyncio.Future]] = []
        self._busy = 0  # batches in flight
        self._scheduled = False
        self._tasks: set[asyncio.Task] = set()

    async def fetch(self, with_sub: bool, by_period: bool, params: tuple) -> list[tuple]:
        """The check query's rows (`store.check_query`), fetched alone or in a batch with others. Text the
        driver refuses (a NUL, a lone surrogate) runs alone, so its error is its own check's."""
        if not _batchable("".join(params)):
            sql = check_sql("postgresql", with_sub, by_period)
            return merged(await self._query(statement_name(with_sub, by_period), sql, CHECK_TYPES, params))
        loop = asyncio.get_running_loop()
        future: asyncio.Future = loop.create_future()
        self._waiting.append(((with_sub, by_period), params, future))
        self._kick(loop)
        return await future

    def _kick(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start a batch at the end of this turn of the loop (so the checks of this turn join it)."""
        if (
            self._waiting
            and not self._scheduled
            and (self._busy == 0 or (self._busy < self._size and len(self._waiting) >= FILL))
        ):
            self._scheduled = True
            loop.call_soon(self._start, loop)

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._scheduled = False
        batch = [w for w in self._waiting[:MAX_BATCH] if not w[2].done()]  # done: its check was cancelled
        del self._waiting[:MAX_BATCH]
        if not batch:
            self._kick(loop)
            return
        self._busy += 1
        task = loop.create_task(self._run(batch))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        self._kick(loop)

    async def _run(self, batch: list[tuple[tuple[bool, bool], tuple, asyncio.Future]]) -> None:
        try:
            conn = self._idle.pop() if self._idle else await self._connect()
            try:
                if len(batch) == 1:
                    (with_sub, by_period), params, _ = batch[0]
                    name, sql = (
                        statement_name(with_sub, by_period),
                        check_sql("postgresql", with_sub, by_period),
                    )
                    results = [merged(await self._execute(conn, name, sql, CHECK_TYPES, params))]
                else:
                    results = await self._batch(conn, batch)
            except BaseException:
                conn.raw.close()
                raise
            self._idle.append(conn)
        except BaseException as exc:  # every check of the batch gets the error (or is cancelled with it)
            for _, _, future in batch:
                if not future.done():
                    if isinstance(exc, Exception):
                        future.set_exception(exc)
                    else:
                        future.cancel()
            if not isinstance(exc, Exception):
                raise
            return
        finally:
            self._busy -= 1
            self._kick(asyncio.get_running_loop())
        for (_, _, future), rows in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(rows)

    async def _batch(self, conn: _Connection, batch: list) -> list[list[tuple]]:
        checks: dict[tuple[bool, bool], list[str]] = {}
        customers: dict[str, None] = {}
        for position, (variant, params, _) in enumerate(batch):
            customer, department, sub, wanted = params
            checks.setdefault(variant, []).append(
                f'{{"i":{position},"customer":{_json(customer)},"department":{_json(department)},'
                f'"sub":{_json(sub)},"wanted":{_json(wanted)}}}'  # json.dumps's bytes
            )
            customers[customer] = None
        variants = tuple(v for v in VARIANTS if v in checks)
        values = [checks[v] for v in variants] + [[_json(c) for c in customers]]
        arrays = tuple("[" + ",".join(value) + "]" for value in values)
        name = BATCH_NAME + "_" + "".join(f"{int(a)}{int(b)}" for a, b in variants)
        rows = await self._execute(conn, name, batch_sql(variants), ", ".join(["json"] * len(values)), arrays)
        results: list[list[tuple]] = [[] for _ in batch]
        registry: dict[str, tuple] = {}
        for row in rows:
            if row[0] < 0:
                registry[row[9]] = row[7:9]
            else:
                results[row[0]].append(row[1:7])
        for (_, params, _), found in zip(batch, results, strict=True):
            if found:
                source = registry.get(params[0], (None, None))
                found[:] = [row + source for row in found]
        return results

    async def rolled_up(self, customer_id: str, department: str, sub: str, period: str) -> list[tuple]:
        """The roll-up's rows: `store.rollup.roll_up_statement`, the one `check_budget` runs (the
        customer's fiscal year start month is read inside it, never from a cache)."""
        name, prepare, params = roll_up_statement(customer_id, department, sub, period)
        types, _, sql = prepare.removeprefix("(").partition(") AS ")
        return await self._query(name, sql, types, params)

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
        # The batch's plan does not depend on its checks: planning it once (generic) beats planning every
        # batch (~5 ms for the four-variant union). A generic plan guesses 100 checks a variant, which made
        # PostgreSQL start parallel workers (~7 ms) for a few index probes: never worth it for a check.
        # The single check's and the roll-up's generic plans are the same index scans as their custom ones.
        options = " ".join(
            (
                self._params.get("options", ""),
                "-c plan_cache_mode=force_generic_plan -c max_parallel_workers_per_gather=0",
            )
        ).strip()
        raw = psycopg2.connect(**{**self._params, "options": options}, async_=1)
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


def _batchable(value: str) -> bool:
    if value.isascii():
        return "\x00" not in value
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


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
