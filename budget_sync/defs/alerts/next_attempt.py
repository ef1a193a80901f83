"""When the next automatic attempt after a failed sync is, in words (alerts and the failing status card)."""

from datetime import datetime, timedelta

from budget_sync.defs.retries import follow_up_delay_seconds


def next_attempt(customer, is_follow_up: bool, now: datetime) -> str:
    if not is_follow_up:
        delay = follow_up_delay_seconds()
        at = now + timedelta(seconds=delay)
        wait = f"{delay // 60} minutes" if delay >= 120 else f"{delay} seconds"
        return f"in {wait} (about {at:%H:%M} UTC)"
    if customer is None or customer.sync_frequency == "manual":
        return (
            "none scheduled: this customer syncs on request only; use Materialize in Dagster or "
            f"`budget-sync sync {customer.id if customer else '<customer>'}`"
        )
    return f"the next scheduled sync ({customer.sync_frequency.replace('_', ' ')})"
