"""Retry timing, in one place so the failure messages can quote it.

A fetch is retried 3 times about 2 s, 4 s and 8 s apart (exponential backoff with +/- jitter). When the
last retry fails too, the `follow_up_failed_syncs` sensor starts one more attempt 15 minutes later
(BUDGET_SYNC_FOLLOW_UP_DELAY_SECONDS overrides the delay, e.g. for tests).
"""

import os

import dagster as dg

FETCH_RETRY_POLICY = dg.RetryPolicy(
    max_retries=3, delay=2, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)


def follow_up_delay_seconds() -> int:
    return int(os.environ.get("BUDGET_SYNC_FOLLOW_UP_DELAY_SECONDS", 15 * 60))
