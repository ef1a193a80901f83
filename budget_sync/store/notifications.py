"""In-app notifications the spend app shows (sync failures, large removals, mapping changes)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from budget_sync.store.db import transaction
from budget_sync.store.schema import notifications
from budget_sync.store.types import utcnow

LEVELS = ("info", "success", "warning", "error")


def add_notification(db: Engine | Connection, customer_id: str, level: str, title: str, body: str) -> int:
    if level not in LEVELS:
        raise ValueError(f"notification level must be one of {', '.join(LEVELS)}, got {level!r}")
    with transaction(db, write=True) as conn:
        return int(
            conn.execute(
                notifications.insert()
                .values(customer_id=customer_id, level=level, title=title, body=body, created_at=utcnow())
                .returning(notifications.c.id)
            ).scalar_one()
        )


def list_notifications(
    db: Engine | Connection, customer_id: str, unread_only: bool = False
) -> list[dict[str, Any]]:
    """The customer's notifications, newest first."""
    query = (
        sa.select(notifications)
        .where(notifications.c.customer_id == customer_id)
        .order_by(notifications.c.created_at.desc(), notifications.c.id.desc())
    )
    if unread_only:
        query = query.where(notifications.c.read_at.is_(None))
    with transaction(db) as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def get_notification(db: Engine | Connection, notification_id: int) -> dict[str, Any] | None:
    with transaction(db) as conn:
        row = conn.execute(sa.select(notifications).where(notifications.c.id == notification_id)).first()
    return dict(row._mapping) if row else None


def mark_read(db: Engine | Connection, notification_id: int) -> dict[str, Any] | None:
    """Mark one notification read (keeping the first read time); returns it, or None when there is none."""
    with transaction(db, write=True) as conn:
        conn.execute(
            notifications.update()
            .where(notifications.c.id == notification_id, notifications.c.read_at.is_(None))
            .values(read_at=utcnow())
        )
        row = conn.execute(sa.select(notifications).where(notifications.c.id == notification_id)).first()
    return dict(row._mapping) if row else None
