"""What every request handler shares: the engine, the tokens, the sync runner and a short-lived cache of
customer settings (so the hot check path does not read the registry each time)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from starlette.requests import Request

from budget_sync.config import CustomerConfig
from budget_sync.service.auth import COOKIE, Grant, Tokens, bearer
from budget_sync.service.errors import ApiError, forbidden, unauthorized
from budget_sync.service.syncing import SyncRunner

SETTINGS_TTL = 5.0  # seconds a customer's settings are cached; a sync through this server clears them
MAX_ID = 100


class CustomerCache:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, CustomerConfig | None]] = {}

    def get(self, customer_id: str) -> CustomerConfig | None:
        """The active customer's settings, or None (unknown or removed). Called from a worker thread."""
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(customer_id)
        if hit and now - hit[0] < SETTINGS_TTL:
            return hit[1]
        from budget_sync.store.customers import get_customer, get_status

        customer = get_customer(self.engine, customer_id)
        if customer is not None and not get_status(self.engine, customer_id).get("active"):
            customer = None
        with self._lock:
            self._cache[customer_id] = (now, customer)
        return customer

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

    def __post_init__(self) -> None:
        self.customers = CustomerCache(self.engine)
        self.runner = SyncRunner(self.engine, self.dagster_url, on_done=self.customers.forget)

    def grant(self, request: Request) -> Grant:
        token = bearer(request.headers.get("authorization"), request.cookies.get(COOKIE))
        grant = self.tokens.grant_for(token)
        if grant is None:
            raise unauthorized()
        return grant

    def authorize(self, request: Request, customer_id) -> str:
        """401 without a valid token; 400 for a malformed id; 403 when the token may not use the customer,
        whether or not it exists."""
        grant = self.grant(request)
        if not isinstance(customer_id, str) or not customer_id.strip() or len(customer_id) > MAX_ID:
            raise ApiError(400, "customerId must be a customer id (text of at most 100 characters)")
        if not grant.allows(customer_id):
            raise forbidden()
        return customer_id

    def customer(self, customer_id: str) -> CustomerConfig:
        customer = self.customers.get(customer_id)
        if customer is None:
            raise ApiError(404, f"customer '{customer_id}' is not registered")
        return customer
