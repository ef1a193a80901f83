"""Retry timing, in one place so the failure messages can quote it.

A fetch is retried 3 times about 2 s, 4 s and 8 s apart: exponential backoff (2 s doubled each time)
with +/-25% jitter, so customers failing together do not retry in lockstep. Dagster's own
`Backoff.EXPONENTIAL` waits (2^n - 1) x delay (2, 6, 14 s), so the fetch asks for each retry itself with
`RetryRequested`. When the last retry fails too, the `follow_up_failed_syncs` sensor starts one more
attempt 15 minutes later (BUDGET_SYNC_FOLLOW_UP_DELAY_SECONDS overrides the delay, e.g. for tests).
"""

import os
import random

import dagster as dg

FETCH_RETRIES = 3
FETCH_FIRST_DELAY_SECONDS = 2.0
FETCH_JITTER = 0.25


def fetch_retry_delay(retry_number: int, rand=random.random) -> float:
    """Seconds to wait before retry `retry_number + 1` (retry_number 0, 1, 2 -> about 2, 4, 8 s)."""
    base = FETCH_FIRST_DELAY_SECONDS * 2**retry_number
    return base * (1 + FETCH_JITTER * (2 * rand() - 1))


def retries_left(context) -> bool:
    return context.retry_number < FETCH_RETRIES


def retry_fetch(context, reason: str) -> dg.RetryRequested:
    """The exception to raise for the next fetch retry (only while `retries_left(context)`)."""
    wait = fetch_retry_delay(context.retry_number)
    context.log.warning(
        f"fetch failed, retry {context.retry_number + 1} of {FETCH_RETRIES} in {wait:.1f} s: {reason}"
    )
    return dg.RetryRequested(max_retries=FETCH_RETRIES, seconds_to_wait=wait)


def follow_up_delay_seconds() -> int:
    return int(os.environ.get("BUDGET_SYNC_FOLLOW_UP_DELAY_SECONDS", 15 * 60))
