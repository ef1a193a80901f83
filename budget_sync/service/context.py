"""What every request handler shares: the engine, the tokens, the sync runner, the worker threads for store
calls and a cache of customer settings."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
from sqlalchemy.engine import Engine
from starlette.requests import Request

from budget_sync.config import CustomerConfig
from budget_sync.service.auth import COOKIE, Grant, Tokens, bearer
from budget_sync.service.errors import ApiError, forbidden, unauthorized
from budget_sync.service.pg_checks import PgChecks
from budget_sync.service.syncing import SyncRunner

SETTINGS_TTL = 5.0  # seconds between asking the registry which customers changed
MAX_AGE = 300.0  # an entry is read again after this long even when no change was seen
CHANGE_MARGIN = timedelta(seconds=60)  # looked back past the last look: late commits, other hosts' clocks
MAX_ID = 100
# Threads running store calls at once; `budget-sync serve` keeps this many database connections (plus
# headroom) open, so a burst never opens and closes overflow connections (each one costs a connect and
# re-preparing the check statement).
DB_THREADS = 8
MISS = object()  # CustomerCache.peek: not in the cache


class CustomerCache:
    """Active customers' settings, so the hot check path does not read the registry each time.

    Every SETTINGS_TTL seconds one query lists the customers whose registry row was written since the last
    look (minus CHANGE_MARGIN) and the entries of those with a write not seen before are dropped; a change
    made anywhere (`sources apply`, removal, a sync) shows within about SETTINGS_TTL. Per-customer expiry alone would cost a registry read
    per customer every few seconds, most of the check's time with 1,000 customers."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, CustomerConfig | None]] = {}
        self._looked_at = datetime.now(UTC)
        self._seen: dict[str, datetime] = {}  # updated_at of each customer the looks have seen
        self._next_look = time.monotonic() + SETTINGS_TTL

    def get(self, customer_id: str) -> CustomerConfig | None:
        """The active customer's settings, or None (unknown or removed). Called from a worker thread."""
        now = time.monotonic()
        self._drop_changed(now)
        with self._lock:
            hit = self._cache.get(customer_id)
        if hit and now - hit[0] < MAX_AGE:
            return hit[1]
        from budget_sync.store.customers import get_active_customer

        customer = get_active_customer(self.engine, customer_id)
        with self._lock:
            self._cache[customer_id] = (now, customer)
        return customer

    def peek(self, customer_id: str) -> CustomerConfig | None | object:
        """The cached answer of `get` without touching the database, or MISS (not cached, expired, or a
        look at the registry is due): safe on the event loop."""
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(customer_id)
            if now >= self._next_look or hit is None or now - hit[0] >= MAX_AGE:
                return MISS
            return hit[1]

    def _drop_changed(self, now: float) -> None:
        with self._lock:
            if now < self._next_look:
                return
            self._next_look = now + SETTINGS_TTL  # one thread looks; the others use the cache meanwhile
            since = self._looked_at - CHANGE_MARGIN
        from budget_sync.store.customers import changed_since

        started = datetime.now(UTC)
        try:
            changed = changed_since(self.engine, since)
        except Exception:
            with self._lock:
                self._next_look = now  # the next call looks again (and reports the database error)
            raise
        with self._lock:
            for customer_id, written in changed.items():
                if self._seen.get(customer_id) != written:  # a write not seen by an earlier look
                    self._cache.pop(customer_id, None)
                    self._seen[customer_id] = written
            self._looked_at = started

    def forget(self, customer_id: str) -> None:
        with self._lock:
            self._cache.pop(customer_id, None)


@dataclass
class Service:
    engine: Engine
    tokens: Tokens
    dagster_url: str | None = None
    customers: CustomerCache = field(init=False)
    runner: SyncRunner = field(init=False)
    limiter: anyio.CapacityLimiter = field(init=False)
    pg_checks: PgChecks | None = field(init=False)

    def __post_init__(self) -> None:
        self.customers = CustomerCache(self.engine)
        self.runner = SyncRunner(self.engine, self.dagster_url, on_done=self.customers.forget)
        self.limiter = anyio.CapacityLimiter(DB_THREADS)
        self.pg_checks = PgChecks(self.engine) if self.engine.dialect.name == "postgresql" else None

    async def run(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        """`fn(*args, **kwargs)` in a worker thread, at most DB_THREADS at once."""
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=self.limiter)

    def grant(self, request: Request) -> Grant:
        return self.grant_for(request.headers.get("authorization"), request.cookies.get(COOKIE))

    def grant_for(self, authorization: str | None, cookie: str | None) -> Grant:
        """The grant of the Authorization header's bearer token (else the cookie's); 401 without one."""
        grant = self.tokens.grant_for(bearer(authorization, cookie))
        if grant is None:
            raise unauthorized()
        return grant

    def authorize(self, request: Request | None, customer_id, grant: Grant | None = None) -> str:
        """401 without a valid token; 400 for a malformed id; 403 when the token may not use the customer,
        whether or not it exists. `grant`: the request's, when the caller has it already (then `request`
        may be None)."""
        if grant is None:
            assert request is not None
            grant = self.grant(request)
        if not isinstance(customer_id, str) or not customer_id.strip() or len(customer_id) > MAX_ID:
            raise ApiError(400, "customerId must be a customer id (text of at most 100 characters)")
        if not grant.allows(customer_id):
            raise forbidden()
        return customer_id

    def customer(self, customer_id: str) -> CustomerConfig:
        customer = self.customers.get(customer_id)
        if customer is None:
            raise self.missing(customer_id)
        return customer

    def missing(self, customer_id: str) -> ApiError:
        return ApiError(404, f"customer '{customer_id}' is not registered")
