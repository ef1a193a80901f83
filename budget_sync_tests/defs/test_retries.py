"""Fetch retries: 3 retries about 2, 4 and 8 s apart for errors worth retrying, none for the others."""

import time

import dagster as dg
import pytest

from budget_sync.defs.retries import fetch_retry_delay
from budget_sync_tests.defs.conftest import local_customer
from budget_sync_tests.defs.servers import free_port
from budget_sync_tests.sources_drop.conftest import sshd  # noqa: F401  (session fixture)


def retries_of(result) -> int:
    return sum(1 for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_UP_FOR_RETRY)


def retry_waits(result) -> list[float]:
    return [
        e.event_specific_data.seconds_to_wait
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.STEP_UP_FOR_RETRY
    ]


def test_retry_delays_double_from_two_seconds_with_jitter():
    assert [fetch_retry_delay(n, rand=lambda: 0.5) for n in range(3)] == [2.0, 4.0, 8.0]
    assert [fetch_retry_delay(n, rand=lambda: 0.0) for n in range(3)] == [1.5, 3.0, 6.0]
    assert [fetch_retry_delay(n, rand=lambda: 1.0) for n in range(3)] == [2.5, 5.0, 10.0]
    assert len({round(fetch_retry_delay(0), 6) for _ in range(20)}) > 1  # jittered, not lockstep


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
    waits = retry_waits(result)
    assert all(0.75 * base <= w <= 1.25 * base for w, base in zip(waits, (2, 4, 8), strict=True)), waits
    assert time.monotonic() - started >= sum(waits)  # the waits really happened
    rows = history(engine, "acme")
    assert len(rows) == 1 and rows[0]["status"] == "failed"
