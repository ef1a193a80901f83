"""The markdown summary on `budget_table`: the product's status card (seed design, "Dashboard UI") for
the customer's latest sync: source, status, last synced, next sync, frequency and the counts."""

from datetime import UTC, datetime

from budget_sync.defs.alerts.message import SOURCE_NAMES
from budget_sync.defs.ticks import next_sync_at

FREQUENCY_WORDS = {
    "hourly": "Every hour",
    "every_4_hours": "Every 4 hours",
    "every_12_hours": "Every 12 hours",
    "daily": "Daily at 02:00 {tz}",
    "manual": "Manual (on request only)",
}


def next_sync_words(customer, now: datetime) -> str:
    at = next_sync_at(customer.sync_frequency, customer.timezone, now)
    if at is None:
        return f"on request: Materialize in Dagster, or `budget-sync sync {customer.id}`"
    return f"{at:%Y-%m-%d %H:%M} UTC"


def status_card(
    customer,
    result,
    *,
    file_name: str | None,
    synced_at: datetime | None,
    unchanged: bool = False,
    now: datetime | None = None,
) -> str:
    """`result`: the SyncResult (counts); `unchanged`: the source had not changed, nothing was written."""
    now = now or datetime.now(UTC)
    source = SOURCE_NAMES.get(customer.source_type, customer.source_type)
    source = source[0].upper() + source[1:]
    file_part = f" · `{file_name}`" if file_name else ""
    status = "✅ Unchanged since the last sync (nothing to import)" if unchanged else "✅ Synced"
    frequency = FREQUENCY_WORDS.get(customer.sync_frequency, customer.sync_frequency)
    frequency = frequency.format(tz=customer.timezone or "UTC")
    last = f"{synced_at:%Y-%m-%d %H:%M} UTC" if synced_at else "never"
    lines = [
        f"**{customer.name}** · Budget data source: {source}{file_part}",
        "",
        f"- Status: {status}",
        f"- Last synced: {last}",
        f"- Next sync: {next_sync_words(customer, now)}",
        f"- Sync frequency: {frequency}",
        "",
        f"**{result.total} budgets synced**",
        f"- {result.unchanged} unchanged",
        f"- {result.updated} updated",
        f"- {result.created} created",
        f"- {result.removed} removed",
        f"- {result.rejected} rows rejected",
    ]
    return "\n".join(lines)


def failing_card(
    customer,
    *,
    reason: str,
    failing_since: datetime | None,
    data_in_use: str,
    next_attempt: str,
    file_name: str | None = None,
) -> str:
    """The card of a customer whose latest sync failed: why, since when, and which data budget checks
    still use (`data_in_use_words`; the budgets stay as the last good sync left them)."""
    source = SOURCE_NAMES.get(customer.source_type, customer.source_type)
    source = source[0].upper() + source[1:]
    file_part = f" · `{file_name}`" if file_name else ""
    since = f"{failing_since:%Y-%m-%d %H:%M} UTC" if failing_since else "this attempt"
    frequency = FREQUENCY_WORDS.get(customer.sync_frequency, customer.sync_frequency)
    return "\n".join(
        [
            f"**{customer.name}** · Budget data source: {source}{file_part}",
            "",
            f"- Status: ❌ Failing since {since}",
            f"- Why: {reason}",
            f"- Budget checks still use: {data_in_use}",
            f"- Next attempt: {next_attempt}",
            f"- Sync frequency: {frequency.format(tz=customer.timezone or 'UTC')}",
        ]
    )


def data_in_use_words(status: dict | None) -> str:
    """`status`: the customer's budget_sources status (None: it could not be read)."""
    if status is None:
        return "unknown: the budget database could not be read"
    synced_at = status.get("last_synced_at")
    if synced_at is None:
        return "no data: this customer has never synced, so checks find no budget"
    return f"the data synced {synced_at:%Y-%m-%d %H:%M} UTC"
