"""Retry waits of the one HTTP retry mechanism (urllib3 `Retry`): Retry-After in seconds or as an HTTP
date, exponential otherwise, always capped; only 429/503 and refused connections are retried."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from urllib3.response import HTTPResponse

from budget_sync.sources.http_retry import HTTP_RETRY_STATUSES, RetryPolicy, parse_retry_after


def test_retry_after_seconds_and_http_date():
    assert parse_retry_after("7") == 7.0
    in_30s = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 < parse_retry_after(in_30s) <= 30
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_backoff_is_exponential_and_capped():
    retry = RetryPolicy(max_attempts=5, max_wait=5, base_wait=1).retry()
    waits = []
    for _ in range(4):
        retry = retry.increment("GET", "/x", response=HTTPResponse(status=503))
        waits.append(retry.get_backoff_time())
    assert waits == [0, 2, 4, 5]  # urllib3 retries the first time at once


def test_retry_after_is_honoured_but_capped_and_unreadable_ones_ignored():
    retry = RetryPolicy(max_wait=5).retry()
    assert retry.get_retry_after(HTTPResponse(status=429, headers={"Retry-After": "3"})) == 3
    assert retry.get_retry_after(HTTPResponse(status=429, headers={"Retry-After": "3600"})) == 5
    assert retry.get_retry_after(HTTPResponse(status=429, headers={"Retry-After": "soon"})) is None


def test_only_come_back_later_answers_are_retried_within_a_call():
    retry = RetryPolicy().retry()
    assert {429, 503} == HTTP_RETRY_STATUSES
    assert retry.is_retry("POST", 503, has_retry_after=False) and retry.is_retry("GET", 429, True)
    assert not retry.is_retry("GET", 500, False) and not retry.is_retry("GET", 502, False)
    assert (retry.total, retry.read) == (2, 0)  # 3 tries; a read error is not resent


def test_from_settings_defaults_and_bounds():
    assert RetryPolicy.from_settings({}) == RetryPolicy(max_attempts=3, max_wait=30.0, base_wait=1.0)
    assert RetryPolicy.from_settings({"max_attempts": 0}).max_attempts == 1
