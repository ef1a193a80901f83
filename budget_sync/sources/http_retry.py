"""The one HTTP retry mechanism of the API connectors (Google Sheets, Anaplan): urllib3's `Retry` on the
requests Session, with Retry-After honoured but capped.

The retry budget, end to end (docs/operations.md): an HTTP call is tried at most `max_attempts` times
(3), retrying only 429 and 503 (the answers that mean "come back later", Retry-After respected) and
failures to connect. Other 5xx answers, read timeouts and the last 429/503 become one retryable
SourceError, and Dagster retries the whole fetch step (defs/retries.py: 3 retries). So a failing API gets
at most `max_attempts x (1 + FETCH_RETRIES)` = 12 calls per sync run, instead of 5 x 4 = 20 before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

# Retried inside one call (urllib3); the wider set is still a retryable failure of the fetch (Dagster).
HTTP_RETRY_STATUSES = frozenset({429, 503})
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """`max_attempts` counts every try (first one included); no single wait exceeds `max_wait` seconds.
    urllib3 retries the first time at once (or after Retry-After), then waits base_wait x 2^(n-1)."""

    max_attempts: int = 3
    max_wait: float = 30.0
    base_wait: float = 1.0

    @classmethod
    def from_settings(cls, settings: dict) -> RetryPolicy:
        return cls(
            max_attempts=max(1, int(settings.get("max_attempts", cls.max_attempts))),
            max_wait=max(0.0, float(settings.get("max_retry_wait", cls.max_wait))),
            base_wait=max(0.0, float(settings.get("retry_base_wait", cls.base_wait))),
        )

    def retry(self) -> Retry:
        retries = self.max_attempts - 1
        return CappedRetry(
            total=retries,
            connect=retries,
            status=retries,
            read=0,  # the request may have been processed (a POST that started an export): not resent
            other=0,
            redirect=None,
            status_forcelist=HTTP_RETRY_STATUSES,
            allowed_methods=None,  # 429/503 and refused connections mean the server did nothing
            backoff_factor=self.base_wait,
            backoff_max=self.max_wait,
            respect_retry_after_header=True,
            raise_on_status=False,  # the last 429/503 comes back as a response, for a clear error
            retry_after_max=self.max_wait,  # type: ignore[arg-type]  # urllib3 only compares it: a float works
        )

    def adapter(self) -> HTTPAdapter:
        return HTTPAdapter(max_retries=self.retry())

    def mount(self, session: requests.Session) -> requests.Session:
        """Every http(s) request of `session` goes through this policy."""
        session.mount("https://", self.adapter())
        session.mount("http://", self.adapter())
        return session


class CappedRetry(Retry):
    """urllib3 `Retry` that takes a Retry-After it cannot read as absent (urllib3 raises InvalidHeader)."""

    def get_retry_after(self, response) -> float | None:
        seconds = parse_retry_after(response.headers.get("Retry-After"))
        return None if seconds is None else min(max(seconds, 0.0), self.retry_after_max)


def attempts(response: requests.Response) -> int:
    """How many tries the call took (urllib3 keeps the retry history on the raw response)."""
    retries = getattr(response.raw, "retries", None)
    return len(retries.history) + 1 if retries is not None else 1


def tries_text(count: int) -> str:
    return f"{count} attempt" if count == 1 else f"{count} attempts"


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
