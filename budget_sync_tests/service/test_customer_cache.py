"""The service's customer settings cache: a registry change made elsewhere (another process's `sources
apply` or removal) shows at the next look, on SQLite and PostgreSQL."""

from __future__ import annotations

from budget_sync.service import context
from budget_sync.service.context import CustomerCache
from budget_sync.store.customers import remove_customers


def test_changes_elsewhere_show_at_the_next_look(engine, register, monkeypatch):
    register("acme", tier="realtime")
    monkeypatch.setattr(context, "SETTINGS_TTL", 0.0)
    cache = CustomerCache(engine)
    assert cache.get("acme").setting("tier") == "realtime"
    assert cache.get("globex") is None

    register("acme", "globex", tier="cache_first", max_staleness_seconds=60)
    assert cache.get("acme").setting("tier") == "cache_first"
    assert cache.get("globex") is not None

    remove_customers(engine, ["acme"])
    assert cache.get("acme") is None


def test_without_a_look_the_cached_settings_answer(engine, register):
    register("acme")
    cache = CustomerCache(engine)
    assert cache.get("acme") is not None
    remove_customers(engine, ["acme"])
    assert cache.get("acme") is not None  # until the next look, SETTINGS_TTL after the cache started
    cache._next_look = 0.0
    assert cache.get("acme") is None
