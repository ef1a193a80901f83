"""When schedule ticks fall, without Dagster: which hourly tick is a `daily` customer's local 02:00, and
when a customer's next scheduled sync is (for the status card)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

DAILY_LOCAL_HOUR = 2
EVERY_HOURS = {"hourly": 1, "every_4_hours": 4, "every_12_hours": 12}


def crossed_local_hour(tz: ZoneInfo, at: datetime, hour: int) -> bool:
    """Did local `hour`:00 pass during the hour ending at `at`? Exactly one hourly tick a day says yes,
    also in half-hour time zones and on DST days (when 02:00 is skipped or happens twice)."""
    now_local = at.astimezone(tz)
    boundary = now_local.replace(hour=hour, minute=0, second=0, microsecond=0, fold=0)
    return (at - timedelta(hours=1)) < boundary <= at


def tick_syncs(frequency: str, timezone: str | None, at: datetime) -> bool:
    """Does the schedule tick at `at` (a whole UTC hour) sync a customer of this frequency?"""
    if frequency in EVERY_HOURS:
        return at.astimezone(UTC).hour % EVERY_HOURS[frequency] == 0
    if frequency == "daily":
        return crossed_local_hour(ZoneInfo(timezone or "UTC"), at, DAILY_LOCAL_HOUR)
    return False  # manual


def next_sync_at(frequency: str, timezone: str | None, now: datetime) -> datetime | None:
    """The next schedule tick that syncs this customer (None for `manual`). Schedules tick on whole UTC
    hours (sync_hourly, sync_every_4_hours, sync_every_12_hours; sync_daily hourly for local 02:00)."""
    tick = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    for _ in range(50):
        if tick_syncs(frequency, timezone, tick):
            return tick
        tick += timedelta(hours=1)
    return None
