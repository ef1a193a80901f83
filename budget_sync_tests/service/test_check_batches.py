"""Checks batched into one PostgreSQL round trip (`service/pg_checks.py`) answer exactly what
`check_budget` answers for each, never another customer's rows; and the check's plain ASGI path
(`service/fast_check.py`) answers byte for byte what the Starlette route answers."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import psycopg2
import pytest
import sqlalchemy as sa

from budget_sync.service import create_app, fast_check
from budget_sync.service.pg_checks import BATCH_NAME, FILL, PgChecks
from budget_sync.store.check import answer, check_budget, prepare
from budget_sync.store.check_query import fetch
from budget_sync_tests.service.conftest import ROWS, TOKENS

GLOBEX = [
    ("Marketing", "Events", "FY2025-Q1", "70.00", "EUR"),
    ("Marketing", "", "FY2025-Q1", "9.99", "EUR"),
    ("Marketing", "Events", "2025-02", "3.00", "EUR"),
    ("Sales", "Travel", "FY2025", "123.45", "EUR"),
]
ASKS = [  # customer, department, amount, fiscal period, date, sub-category
    (customer, department, amount, period, on, sub)
    for customer in ("acme", "globex")
    for department in ("Marketing", "Sales", "Unbudgeted")
    for amount, period, on, sub in (
        ("1.00", "FY2025-Q1", None, None),
        ("600.00", "FY2025-Q1", None, "Events"),
        ("2.50", None, date(2025, 2, 3), None),
        ("80.00", None, date(2025, 2, 3), "Events"),
        ("1.00", None, date(2025, 7, 1), "Travel"),
    )
]


@pytest.fixture
def db_url(pg_url) -> str:
    return pg_url


@pytest.fixture
def synced(client, register, drops):
    register("acme", "globex")
    drops.write("acme", ROWS)
    drops.write("globex", GLOBEX)
    for customer in ("acme", "globex"):
        assert client.post("/api/connectors/sync-now", json={"customerId": customer}).status_code == 200


class Counted(PgChecks):
    """PgChecks recording each statement it executes (one per round trip)."""

    def __init__(self, engine):
        super().__init__(engine)
        self.executed: list[str] = []

    async def _execute(self, conn, name, sql, types, params):
        self.executed.append(name)
        return await super()._execute(conn, name, sql, types, params)


def test_concurrent_checks_share_one_round_trip_and_each_gets_its_own_answer(synced, engine):
    asks = [prepare(*ask) for ask in ASKS]
    checks = Counted(engine)

    async def together():
        return await asyncio.gather(*(checks.fetch(*ask.variant, ask.params) for ask in asks))

    try:
        results = asyncio.run(together())
    finally:
        checks.close()
    assert len(checks.executed) == 1 and checks.executed[0].startswith(BATCH_NAME)
    for ask, rows, raw in zip(asks, results, ASKS, strict=True):
        assert sorted(rows) == sorted(fetch(engine, *ask.variant, ask.params)[0]), raw
        if rows or ask.fiscal_period is None:  # a roll-up queries again (tested through HTTP)
            expected = check_budget(
                engine, raw[0], raw[1], raw[2], fiscal_period=raw[3], on_date=raw[4], sub_category=raw[5]
            )
            assert answer(None, ask, rows) == expected, raw
    by_customer = {(ask.customer_id, ask.params[1:]): rows for ask, rows in zip(asks, results, strict=True)}
    acme, globex = (
        by_customer[("acme", ("Marketing", "", "FY2025-Q1"))],
        by_customer[("globex", ("Marketing", "", "FY2025-Q1"))],
    )
    assert {r[2] for r in acme} == {"USD"} and {r[2] for r in globex} == {"EUR"}  # no row crossed over
    assert sum(1 for rows in results if rows) >= 12


def test_a_cancelled_check_or_a_nul_in_one_check_leaves_the_others_answered(synced, engine):
    asks = [prepare(*ask) for ask in ASKS[:6]]
    checks = Counted(engine)

    async def together():
        tasks = [asyncio.ensure_future(checks.fetch(*ask.variant, ask.params)) for ask in asks]
        bad = asyncio.ensure_future(checks.fetch(False, True, ("acme", "Mar\x00keting", "", "FY2025-Q1")))
        await asyncio.sleep(0)  # every check is waiting for the batch
        tasks[0].cancel()
        return await asyncio.gather(*tasks, bad, return_exceptions=True)

    try:
        *results, bad = asyncio.run(together())
    finally:
        checks.close()
    assert isinstance(results[0], asyncio.CancelledError)
    assert isinstance(bad, ValueError)  # the driver refuses NUL: that check alone fails
    for ask, rows in zip(asks[1:], results[1:], strict=True):
        assert sorted(rows) == sorted(fetch(engine, *ask.variant, ask.params)[0])
    assert len([name for name in checks.executed if name.startswith(BATCH_NAME)]) == 1


def test_a_batch_on_a_dropped_connection_fails_every_check_in_it_then_reconnects(synced, engine):
    asks = [prepare(*ask) for ask in ASKS[:4]]
    checks = PgChecks(engine)

    async def scenario():
        await checks.fetch(*asks[0].variant, asks[0].params)  # an idle connection to drop
        with engine.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        await asyncio.sleep(0.2)
        broken = await asyncio.gather(
            *(checks.fetch(*a.variant, a.params) for a in asks), return_exceptions=True
        )
        again = await asyncio.gather(*(checks.fetch(*a.variant, a.params) for a in asks))
        return broken, again

    try:
        broken, again = asyncio.run(scenario())
    finally:
        checks.close()
    assert all(isinstance(result, psycopg2.OperationalError) for result in broken), broken
    for ask, rows in zip(asks, again, strict=True):
        assert sorted(rows) == sorted(fetch(engine, *ask.variant, ask.params)[0])


BODIES = [
    (
        "all-token",
        {"customerId": "acme", "department": "Marketing", "amount": "1.00", "fiscalPeriod": "FY2025-Q1"},
    ),
    (
        "all-token",
        {
            "customerId": "globex",
            "department": "Marketing",
            "amount": "75",
            "subCategory": "Events",
            "date": "2025-02-03",
        },
    ),
    (
        "all-token",
        {"customerId": "acme", "department": "Marketing", "amount": "1.00", "fiscalPeriod": "2025-02"},
    ),
    ("all-token", {"customerId": "acme", "department": "Nope", "amount": "1.00", "fiscalPeriod": "FY2025"}),
    ("all-token", {"customerId": "nobody", "department": "Marketing", "amount": "1.00"}),
    ("acme-token", {"customerId": "globex", "department": "Marketing", "amount": "1.00"}),
    ("acme-token", {"customerId": "nobody", "department": "Marketing", "amount": "1.00"}),
    (None, {"customerId": "acme", "department": "Marketing", "amount": "1.00"}),
    ("wrong", {"customerId": "acme", "department": "Marketing", "amount": "1.00"}),
    ("all-token", {"customerId": "acme", "department": "Marketing", "amount": 1.5}),
    ("all-token", {"customerId": "acme", "department": "Marketing", "amount": "-1"}),
    (
        "all-token",
        {"customerId": "acme", "department": "Marketing", "amount": "1", "fiscalPeriod": "Q1", "x": 1},
    ),
    ("all-token", {"customerId": "acme", "amount": "1"}),
    ("all-token", {"customerId": "acme", "department": "Marketing", "amount": "1", "date": "2025-2-3"}),
    (
        "all-token",
        {
            "customerId": "acme",
            "department": "Marketing",
            "amount": "1",
            "date": "2025-02-03",
            "fiscalPeriod": "FY2025",
        },
    ),
    ("all-token", {"customerId": "acme", "department": "Marketing", "amount": "1", "fiscalPeriod": "2025"}),
    ("all-token", {"customerId": "acme", "department": " ", "amount": "1"}),
    ("all-token", {"customerId": "x" * 101, "department": "Marketing", "amount": "1"}),
]
RAW = [
    b"",
    b"[1]",
    b"{not json",
    b'{"amount": NaN}',
    b"\xff\xfe",
    b'{"customerId": "acme"' + b" " * 17000 + b"}",
]


async def _asgi_post(app, path: str, root_path: str, headers: list[tuple[bytes, bytes]], body: bytes):
    """POST straight to the ASGI app (as uvicorn would, one body message): status, headers, body."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": root_path + path,
        "raw_path": (root_path + path).encode(),
        "root_path": root_path,
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1"), *headers, (b"content-length", b"%d" % len(body))],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
    }
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    start = sent[0]
    return start["status"], list(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def test_the_fast_path_answers_what_the_starlette_route_answers(synced, engine, monkeypatch):
    """The same requests through `fast_check` (the app as served) and through Starlette's route (the same
    app mounted under a prefix, where the fast path steps aside): same status, headers and body."""
    answered, statuses = [], set()
    handle = fast_check.handle

    async def counted(*args):
        answered.append(args[1]["path"])
        await handle(*args)

    monkeypatch.setattr(fast_check, "handle", counted)
    fast_app = create_app(engine, tokens=TOKENS, dagster_url="")
    route_app = create_app(engine, tokens=TOKENS, dagster_url="")
    json_type = (b"content-type", b"application/json")
    requests = [
        ([(b"authorization", f"Bearer {token}".encode())] if token else [], json.dumps(body).encode())
        for token, body in BODIES
    ]
    requests += [([(b"authorization", b"Bearer all-token")], raw) for raw in RAW]
    requests.append(([(b"cookie", b"budget_sync_token=acme-token")], json.dumps(BODIES[0][1]).encode()))

    async def both():
        pairs = []
        for headers, body in requests:
            ours = await _asgi_post(fast_app, "/api/budgets/check", "", [*headers, json_type], body)
            theirs = await _asgi_post(
                route_app, "/api/budgets/check", "/mounted", [*headers, json_type], body
            )
            pairs.append((ours, theirs))
        return pairs

    for (ours, theirs), (headers, body) in zip(asyncio.run(both()), requests, strict=True):
        statuses.add(ours[0])
        assert ours == theirs, (headers, body[:80])
    assert len(answered) == len(requests)  # every request to the served app took the fast path
    assert statuses >= {200, 400, 401, 403, 404, 413}


def test_the_batch_statement_finds_budgets_through_the_index_not_a_subplan_per_row(synced, engine):
    """check_sql passes each parameter as an initplan; in the batch the values are the checks' columns,
    and must stay index conditions (a correlated subplan per budget row would scan every budget)."""
    from budget_sync.service.pg_checks import VARIANTS, batch_sql

    sql = batch_sql(VARIANTS)
    checks = [
        json.dumps([{"i": 0, "customer": "acme", "department": "Marketing", "sub": "", "wanted": w}])
        for w in ("2025-02-03", "FY2025-Q1", "2025-02-03", "FY2025-Q1")
    ]
    with engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")  # tiny test tables: make the planner show its best
        raw = conn.connection.driver_connection.cursor()
        params = checks + [json.dumps(["acme"])]
        raw.execute(f"PREPARE probe AS {sql}")
        raw.execute(f"EXPLAIN EXECUTE probe ({', '.join(['%s'] * len(params))})", params)
        plan = "\n".join(row[0] for row in raw.fetchall())
    assert "SubPlan" not in plan, plan
    assert "Index" in plan and "budgets" in plan, plan


class Held(PgChecks):
    """PgChecks whose first statement waits for `release`: a batch held in flight."""

    def __init__(self, engine):
        super().__init__(engine)
        self.executed: list[str] = []
        self.release: asyncio.Event | None = None

    async def _execute(self, conn, name, sql, types, params):
        self.executed.append(name)
        if len(self.executed) == 1:
            assert self.release is not None
            await self.release.wait()
        return await super()._execute(conn, name, sql, types, params)


@pytest.mark.parametrize("later", [3, FILL])
def test_checks_arriving_while_a_batch_is_in_flight_wait_for_it_unless_fill_of_them_wait(
    synced, engine, later
):
    """Fewer than FILL checks go together once the batch in flight is back (not one round trip each, as
    they did under load); FILL of them start a batch of their own at once."""
    asks = [prepare(*ask) for ask in ASKS[: later + 1]]
    checks = Held(engine)

    async def run():
        checks.release = asyncio.Event()
        first = asyncio.ensure_future(checks.fetch(*asks[0].variant, asks[0].params))
        await asyncio.sleep(0.2)
        rest = [asyncio.ensure_future(checks.fetch(*a.variant, a.params)) for a in asks[1:]]
        await asyncio.sleep(0.2)
        started_while_held = len(checks.executed)
        checks.release.set()
        return started_while_held, [await first, *await asyncio.gather(*rest)]

    try:
        started_while_held, results = asyncio.run(run())
    finally:
        checks.close()
    assert started_while_held == (1 if later < FILL else 2)
    assert len(checks.executed) == 2 and checks.executed[1].startswith(BATCH_NAME), checks.executed
    for ask, rows in zip(asks, results, strict=True):
        assert sorted(rows) == sorted(fetch(engine, *ask.variant, ask.params)[0])
