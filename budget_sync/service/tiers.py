"""The check's tiers (customer settings `tier`, `ttl_seconds`, `refresh_wait_ms`, `max_staleness_seconds`).

- `standard`: always the local data (`servedFrom: local`).
- `realtime`: data older than `ttl_seconds` (default 300) is refreshed from the source first.
- `cache_first`: the same, only when the data is older than `max_staleness_seconds`.
A refresh is a normal recorded sync (history, audit, guards) through the SyncRunner: one in flight per
customer, every check that needs it waits on it up to `refresh_wait_ms` (default 2000). Refreshed:
`servedFrom: refreshed`; the source down, failing or slower than that: the local data with
`servedFrom: fallback` and `stale: true` (a slow refresh goes on in the background)."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime

from budget_sync.config import CustomerConfig
from budget_sync.service.syncing import SyncRunner


def max_age(customer: CustomerConfig | None) -> float | None:
    """Seconds the data may age before a check refreshes it; None: never (standard tier)."""
    if customer is None:
        return None
    tier = customer.setting("tier")
    if tier == "realtime":
        return float(customer.setting("ttl_seconds"))
    if tier == "cache_first" and customer.setting("max_staleness_seconds") is not None:
        return float(customer.setting("max_staleness_seconds"))
    return None


def too_old(last_synced_at: datetime | None, limit: float) -> bool:
    if last_synced_at is None:
        return True
    return (datetime.now(UTC) - last_synced_at).total_seconds() > limit


async def refresh(runner: SyncRunner, customer: CustomerConfig) -> bool:
    """Refresh the customer (or join the refresh in flight); True when it succeeded within the wait."""
    future, _ = runner.start(customer.id, "realtime")
    wait = customer.setting("refresh_wait_ms") / 1000
    try:
        result = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), wait)
    except TimeoutError:
        return False
    except Exception:
        return False
    return bool(result.get("success"))


def as_fallback(check):
    return dataclasses.replace(check, stale=True)
