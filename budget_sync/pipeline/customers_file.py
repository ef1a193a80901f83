"""Registering a customers file in budget_sources: what `sources apply` and the demo do."""

from __future__ import annotations

from dataclasses import dataclass, field

from budget_sync.config import CustomerConfig


@dataclass
class ApplyResult:
    """Customer ids by what applying the file did to them. `kept`: missing from the file but not removed."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def apply_customers_file(engine, configs: list[CustomerConfig], *, keep_missing: bool = False) -> ApplyResult:
    """Upsert the customers in one transaction; active customers missing from `configs` are removed
    (marked inactive, budgets and history kept) unless `keep_missing`.

    An updated customer forgets the checksum of its last synced file: its next sync imports even an
    unchanged file, because new mapping, currency or fiscal-year settings can map it differently.
    """
    import sqlalchemy as sa

    from budget_sync.store.customers import list_customers, remove_customers, upsert_customers
    from budget_sync.store.db import transaction
    from budget_sync.store.schema import budget_sources

    with transaction(engine, write=True) as conn:
        active = {c.id for c in list_customers(conn)}
        changes = upsert_customers(conn, configs)
        result = ApplyResult(changes["added"], changes["updated"], changes["unchanged"])
        if result.updated:
            conn.execute(
                budget_sources.update()
                .where(budget_sources.c.customer_id.in_(result.updated))
                .values(last_raw_sha256=sa.null())
            )
        missing = sorted(active - {c.id for c in configs})
        if keep_missing:
            result.kept = missing
        elif missing:
            result.removed = remove_customers(conn, missing)
    return result
