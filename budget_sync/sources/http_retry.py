"""Bounded retries for HTTP APIs: which answers are worth retrying and how long to wait before the next try.

Both API connectors (Google Sheets, Anaplan) use this so that a rate limit or an outage ends in a clear,
retryable error after a known number of attempts instead of an endless back-off.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """`max_attempts` counts every try (first one included); no single wait exceeds `max_wait` seconds."""

    max_attempts: int = 5
    max_wait: float = 60.0
    base_wait: float = 1.0

    @classmethod
    def from_settings(cls, settings: dict) -> RetryPolicy:
        return cls(
            max_attempts=max(1, int(settings.get("max_attempts", cls.max_attempts))),
            max_wait=max(0.0, float(settings.get("max_retry_wait", cls.max_wait))),
            base_wait=max(0.0, float(settings.get("retry_base_wait", cls.base_wait))),
        )

    def wait(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait after failed try number `attempt` (1-based): Retry-After when given, else exponential."""
        seconds = parse_retry_after(retry_after)
        if seconds is None:
            seconds = self.base_wait * 2 ** (attempt - 1)
        return min(max(seconds, 0.0), self.max_wait)

    def sleep(self, attempt: int, retry_after: str | None = None) -> float:
        seconds = self.wait(attempt, retry_after)
        time.sleep(seconds)
        return seconds


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - datetime.now(UTC)).total_seconds()
