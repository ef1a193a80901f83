"""The status card as data (GET /api/sync/status, the status page), history rows and notifications in the
API's JSON shape. A failing customer says so, with the time of its last good data."""

from __future__ import annotations

from datetime import UTC, datetime

from budget_sync.config import CustomerConfig

COUNT_KEYS = {
    "budgetsImported": "total",
    "budgetsCreated": "created",
    "budgetsUpdated": "updated",
    "budgetsUnchanged": "unchanged",
    "budgetsRemoved": "removed",
    "rejected": "rejected",
}


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def status_word(state: dict, syncing: bool) -> str:
    if syncing or state.get("last_status") in ("running", "syncing"):
        return "syncing"
    if state.get("last_status") == "failed":
        return "failing"
    if state.get("last_synced_at") is None:
        return "never_synced"
    return "synced"


def sync_status(engine, customer: CustomerConfig, *, syncing: bool) -> dict:
    from budget_sync.defs.ticks import next_sync_at
    from budget_sync.store.customers import get_status
    from budget_sync.store.overcommit import overcommitted
    from budget_sync.store.syncs import last_good_sync

    state = get_status(engine, customer.id)
    good = last_good_sync(engine, customer.id) or {}
    status = status_word(state, syncing)
    next_at = next_sync_at(customer.sync_frequency, customer.timezone, datetime.now(UTC))
    return {
        "customerId": customer.id,
        "name": customer.name,
        "sourceType": customer.source_type,
        "status": status,
        "lastSyncedAt": iso(state.get("last_synced_at")),
        "nextSyncAt": iso(next_at),
        "syncFrequency": customer.sync_frequency,
        "tier": customer.setting("tier"),
        "lastError": state.get("last_error") if status == "failing" else None,
        "counts": {key: good.get(column, 0) for key, column in COUNT_KEYS.items()},
        "overcommitted": overcommitted(engine, customer.id),
    }


def history_rows(engine, customer_id: str, limit: int) -> list[dict]:
    from budget_sync.store.syncs import history

    return [
        {
            "syncId": row["id"],
            "runId": row["run_id"],
            "status": row["status"],
            "trigger": row["trigger"],
            "startedAt": iso(row["started_at"]),
            "finishedAt": iso(row["finished_at"]),
            **{key: row[column] for key, column in COUNT_KEYS.items() if key != "budgetsUnchanged"},
            "error": row["error"],
            "retriedAt": iso(row["retried_at"]),
        }
        for row in history(engine, customer_id, limit)
    ]


def notification_json(row: dict) -> dict:
    return {
        "id": row["id"],
        "customerId": row["customer_id"],
        "level": row["level"],
        "title": row["title"],
        "body": row["body"],
        "createdAt": iso(row["created_at"]),
        "readAt": iso(row["read_at"]),
    }
