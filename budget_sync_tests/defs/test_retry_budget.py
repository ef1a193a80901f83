"""The documented retry budget (docs/operations.md): a Google Sheets API answering 503 to every call gets
`max_attempts` calls per fetch (HTTP layer) and `max_attempts x (1 + FETCH_RETRIES)` = 12 per sync run
(Dagster retries the fetch), counted at the fake API itself."""

import dagster as dg
import pytest

from budget_sync.config import parse_customers
from budget_sync.defs.retries import FETCH_RETRIES
from budget_sync.pipeline.run import SyncFailed, run_sync
from budget_sync.sources.http_retry import RetryPolicy
from budget_sync_tests.sources_api.conftest import sa_key, sheets, sheets_settings  # noqa: F401
from budget_sync_tests.sources_api.fake_sheets import google_error

CALLS_PER_FETCH = RetryPolicy().max_attempts
CALLS_PER_SYNC_RUN = CALLS_PER_FETCH * (1 + FETCH_RETRIES)


def failing_customer(sheets, status: int):  # noqa: F811
    sheets.fail_forever = google_error(status, "Backend Error", {"Retry-After": "0"})
    source = sheets_settings(sheets, retry_base_wait=0.01)  # default max_attempts: the documented one
    [config] = parse_customers({"customers": [{"id": "acme", "source": source, "sync_frequency": "hourly"}]})
    return config


def test_the_documented_bound_is_twelve_calls():
    assert (CALLS_PER_FETCH, FETCH_RETRIES, CALLS_PER_SYNC_RUN) == (3, 3, 12)


@pytest.mark.parametrize(("status", "calls"), [(503, CALLS_PER_FETCH), (500, 1)])
def test_one_fetch_without_dagster_calls_a_failing_api_a_bounded_number_of_times(
    sheets,  # noqa: F811
    engine,
    add_customers,
    status,
    calls,
):
    add_customers(failing_customer(sheets, status))

    with pytest.raises(SyncFailed, match=f"HTTP {status}"):
        run_sync(engine, "acme")

    assert len(sheets.api_calls) == calls  # 503 is retried within the call, 500 is left to Dagster


@pytest.mark.slow
def test_a_sync_run_calls_a_failing_api_at_most_the_documented_number_of_times(
    sheets,  # noqa: F811
    add_customers,
    sync,
):
    add_customers(failing_customer(sheets, 503))

    result = sync("acme")

    assert not result.success
    retries = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_UP_FOR_RETRY]
    assert len(retries) == FETCH_RETRIES
    assert len(sheets.api_calls) == CALLS_PER_SYNC_RUN
