"""The customer registry (`budget_sources`): what `budget-sync sources apply` writes and the scheduler reads.

Removing a customer only marks it inactive; its budgets, audit log and sync history are kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from budget_sync.config import CustomerConfig, SyncState
from budget_sync.store.db import transaction
from budget_sync.store.schema import budget_sources
from budget_sync.store.types import utcnow

CONFIG_COLUMNS = (
    "name",
    "source_type",
    "source",
    "mapping",
    "sync_frequency",
    "timezone",
    "fiscal_year_start_month",
    "default_currency",
    "notify",
)
STATUS_COLUMNS = (
    "active",
    "last_synced_at",
    "last_status",
    "last_error",
    "last_sync_id",
    "mapping_fingerprint",
    "last_raw_sha256",
    "created_at",
    "updated_at",
)


def _config_values(config: CustomerConfig) -> dict[str, Any]:
    data = config.as_dict()
    values = {k: data[k] for k in CONFIG_COLUMNS if k in data}
    return {"source_type": config.source_type, **values, "service": dict(config.service)}


def _to_config(row: Any) -> CustomerConfig:
    return CustomerConfig(
        id=row.customer_id,
        name=row.name,
        source=dict(row.source),
        mapping=dict(row.mapping or {}),
        sync_frequency=row.sync_frequency,
        timezone=row.timezone,
        fiscal_year_start_month=row.fiscal_year_start_month,
        default_currency=row.default_currency,
        notify=dict(row.notify or {}),
        service=dict(row.service or {}),
        status=SyncState(last_synced_at=row.last_synced_at, last_raw_sha256=row.last_raw_sha256),
    )


def upsert_customers(db: Engine | Connection, configs: list[CustomerConfig]) -> dict[str, list[str]]:
    """Add new customers, update changed ones (re-activating removed ones); returns the ids per outcome."""
    outcome: dict[str, list[str]] = {"added": [], "updated": [], "unchanged": []}
    now = utcnow()
    with transaction(db, write=True) as conn:
        ids = [c.id for c in configs]
        current = {
            row.customer_id: row
            for row in conn.execute(sa.select(budget_sources).where(budget_sources.c.customer_id.in_(ids)))
        }
        for config in configs:
            values = _config_values(config)
            row = current.get(config.id)
            if row is None:
                conn.execute(
                    budget_sources.insert().values(
                        customer_id=config.id, active=True, created_at=now, updated_at=now, **values
                    )
                )
                outcome["added"].append(config.id)
            elif row.active and all(getattr(row, k) == v for k, v in values.items()):
                outcome["unchanged"].append(config.id)
            else:
                conn.execute(
                    budget_sources.update()
                    .where(budget_sources.c.customer_id == config.id)
                    .values(active=True, updated_at=now, **values)
                )
                outcome["updated"].append(config.id)
    return outcome


def list_customers(db: Engine | Connection, active_only: bool = True) -> list[CustomerConfig]:
    query = sa.select(budget_sources).order_by(budget_sources.c.customer_id)
    if active_only:
        query = query.where(budget_sources.c.active.is_(True))
    with transaction(db) as conn:
        return [_to_config(row) for row in conn.execute(query)]


def get_customer(db: Engine | Connection, customer_id: str) -> CustomerConfig | None:
    with transaction(db) as conn:
        row = conn.execute(
            sa.select(budget_sources).where(budget_sources.c.customer_id == customer_id)
        ).first()
    return _to_config(row) if row else None


def get_active_customer(db: Engine | Connection, customer_id: str) -> CustomerConfig | None:
    """The customer's settings and sync state (`CustomerConfig.status`), or None when it is unknown or
    removed: one query, the only read of the row a sync needs."""
    with transaction(db) as conn:
        row = conn.execute(
            sa.select(budget_sources).where(
                budget_sources.c.customer_id == customer_id, budget_sources.c.active.is_(True)
            )
        ).first()
    return _to_config(row) if row else None


def changed_since(db: Engine | Connection, since: datetime) -> dict[str, datetime]:
    """{customer id: updated_at} of the registry rows written at or after `since` (every write of
    settings, activity or sync status moves `updated_at`)."""
    columns = (budget_sources.c.customer_id, budget_sources.c.updated_at)
    with transaction(db) as conn:
        return dict(conn.execute(sa.select(*columns).where(budget_sources.c.updated_at >= since)).all())


def remove_customers(db: Engine | Connection, ids: list[str]) -> list[str]:
    """Mark customers inactive (no more syncs). Budgets and history stay. Returns the ids that were active."""
    with transaction(db, write=True) as conn:
        result = conn.execute(
            budget_sources.update()
            .where(budget_sources.c.customer_id.in_(list(ids)), budget_sources.c.active.is_(True))
            .values(active=False, updated_at=utcnow())
            .returning(budget_sources.c.customer_id)
        )
        return sorted(result.scalars())


def set_sync_status(
    db: Engine | Connection,
    customer_id: str,
    status: str,
    *,
    synced_at: Any = None,
    error: str | None = None,
    sync_id: str | None = None,
    fingerprint: str | None = None,
    raw_sha256: str | None = None,
) -> datetime | None:
    """Record the outcome of a sync attempt. `synced_at` (a success) moves `last_synced_at`; None keeps it,
    so a failed sync leaves the time of the last good one. Fingerprint and checksum are kept unless given.

    Returns the row's `last_synced_at` after the update (RETURNING: the same statement, no second read),
    so a failed sync can report the time of the last good one as stored. None: never synced, or unknown."""
    values = {"last_status": status, "last_error": error, "updated_at": utcnow()}
    optional = {
        "last_synced_at": synced_at,
        "last_sync_id": sync_id,
        "mapping_fingerprint": fingerprint,
        "last_raw_sha256": raw_sha256,
    }
    values.update({k: v for k, v in optional.items() if v is not None})
    with transaction(db, write=True) as conn:
        stored: datetime | None = conn.execute(
            budget_sources.update()
            .where(budget_sources.c.customer_id == customer_id)
            .values(**values)
            .returning(budget_sources.c.last_synced_at)
        ).scalar()
    return stored


def get_status(db: Engine | Connection, customer_id: str) -> dict[str, Any]:
    """The registry row without the configuration blocks: status, times, fingerprints. {} when unknown."""
    columns = [budget_sources.c.customer_id, budget_sources.c.sync_frequency]
    columns += [budget_sources.c[name] for name in STATUS_COLUMNS]
    with transaction(db) as conn:
        row = conn.execute(sa.select(*columns).where(budget_sources.c.customer_id == customer_id)).first()
    return dict(row._mapping) if row else {}
