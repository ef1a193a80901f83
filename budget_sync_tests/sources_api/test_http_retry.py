"""Retry waits: Retry-After in seconds or as an HTTP date, exponential otherwise, always capped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from budget_sync.sources.http_retry import RetryPolicy, parse_retry_after


def test_retry_after_seconds_and_http_date():
    assert parse_retry_after("7") == 7.0
    in_30s = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 < parse_retry_after(in_30s) <= 30
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_wait_is_exponential_and_capped():
    policy = RetryPolicy(max_attempts=5, max_wait=5, base_wait=1)
    assert [policy.wait(n) for n in (1, 2, 3, 4)] == [1, 2, 4, 5]
    assert policy.wait(1, "3600") == 5
    assert policy.wait(1, "-3") == 0


def test_from_settings_defaults_and_bounds():
    assert RetryPolicy.from_settings({}) == RetryPolicy()
    assert RetryPolicy.from_settings({"max_attempts": 0}).max_attempts == 1
