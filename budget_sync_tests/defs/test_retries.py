"""Fetch retries: 3 retries with exponential backoff for errors worth retrying, none for the others."""

import time

import dagster as dg
import pytest

from budget_sync.defs.retries import FETCH_RETRY_POLICY
from budget_sync_tests.defs.conftest import local_customer
from budget_sync_tests.defs.servers import free_port
from budget_sync_tests.sources_drop.conftest import sshd  # noqa: F401  (session fixture)


def retries_of(result) -> int:
    return sum(1 for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_UP_FOR_RETRY)


def test_policy_is_three_exponential_retries_from_two_seconds_with_jitter():
    assert FETCH_RETRY_POLICY.max_retries == 3 and FETCH_RETRY_POLICY.delay == 2
    assert FETCH_RETRY_POLICY.backoff == dg.Backoff.EXPONENTIAL
    assert FETCH_RETRY_POLICY.jitter == dg.Jitter.PLUS_MINUS


def test_settings_errors_are_not_retried(tmp_path, engine, add_customers, sync):
    from budget_sync.store.syncs import history

    add_customers(local_customer("acme", tmp_path / "missing"))

    result = sync("acme")

    assert not result.success and retries_of(result) == 0
    rows = history(engine, "acme")
    assert len(rows) == 1 and rows[0]["status"] == "failed"


@pytest.mark.slow
def test_unreachable_server_is_retried_three_times_then_recorded_once(
    sshd,  # noqa: F811
    engine,
    add_customers,
    sync,
    monkeypatch,
):
    from budget_sync.config import CustomerConfig
    from budget_sync.store.syncs import history

    monkeypatch.setenv("ACME_SFTP_KEY", sshd.client_key)
    source = {
        **sshd.settings(sshd.new_folder(), key_env="ACME_SFTP_KEY"),
        "port": free_port(),
    }  # nobody listens
    add_customers(CustomerConfig(id="acme", name="Acme", source=source, sync_frequency="hourly"))
    started = time.monotonic()

    result = sync("acme")

    assert not result.success and retries_of(result) == 3
    assert time.monotonic() - started >= 5  # about 2 + 4 + 8 s, with jitter
    rows = history(engine, "acme")
    assert len(rows) == 1 and rows[0]["status"] == "failed"
