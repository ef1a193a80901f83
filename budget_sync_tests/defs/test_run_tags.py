"""Every sync run carries the tags the dagster.yaml limits key on, from one builder (defs/tags.py):
sync-now and the service's Dagster submission included (they once left out the source type)."""

from __future__ import annotations

import pytest

from budget_sync.cli.sync_now import registered_source_type, submission, submit
from budget_sync.defs import tags
from budget_sync.defs.batch_requests import batch_requests
from budget_sync.defs.sensors.file_drops import drop_request
from budget_sync.errors import ConfigError
from budget_sync_tests.defs.conftest import local_customer
from budget_sync_tests.defs.test_instance_config import ROOT, limits, load


class RecordingClient:
    """Stands in for dagster_graphql's client: keeps what would be sent to the webserver."""

    def __init__(self):
        self.calls: list[tuple[str, dict | None, dict]] = []

    def submit_job_execution(self, job_name, run_config=None, tags=None):
        self.calls.append((job_name, run_config, tags))
        return "run-1"


def test_run_tags_carry_customer_source_type_and_trigger():
    built = tags.run_tags("acme", "anaplan", "sync_now", allow_mass_change=True, partition=True)

    assert built == {
        "budget_sync/customer": "acme",
        "budget_sync/source_type": "anaplan",
        "budget_sync/trigger": "sync_now",
        "budget_sync/allow_mass_change": "true",
        "dagster/partition": "acme",
    }
    assert tags.run_tags("acme", "s3", "file_drop", file="x" * 300)[tags.FILE] == "x" * 200


def test_sync_now_submits_the_source_type_so_the_anaplan_limit_applies(tmp_path):
    client = RecordingClient()

    run_id = submit(
        client, submission("acme", "anaplan", trigger="sync_now", force=True, allow_mass_change=False)
    )

    [(job_name, run_config, sent)] = client.calls
    assert (run_id, job_name) == ("run-1", "sync_customer")
    assert sent[tags.SOURCE_TYPE] == "anaplan" and sent[tags.CUSTOMER] == "acme"
    assert sent["dagster/partition"] == "acme" and sent[tags.TRIGGER] == "sync_now"
    assert tags.ALLOW_MASS_CHANGE not in sent
    assert run_config == {"ops": {"customer_sync": {"config": {"force": True}}}}
    dev_limits = limits(load(tmp_path, ROOT / "dagster.yaml"))
    assert dev_limits[(tags.SOURCE_TYPE, sent[tags.SOURCE_TYPE])] == 1


def test_sync_now_reads_the_source_type_from_the_budget_database(tmp_path, engine, add_customers):
    add_customers(local_customer("acme", tmp_path / "drops"))

    assert registered_source_type(engine, "acme") == "local"
    with pytest.raises(ConfigError, match="sources apply"):
        registered_source_type(engine, "nobody")


def test_service_submission_uses_the_same_tags(tmp_path, engine, add_customers, monkeypatch):
    from budget_sync.service import syncing

    add_customers(local_customer("acme", tmp_path / "drops"))
    client = RecordingClient()
    monkeypatch.setattr("budget_sync.cli.sync_now.client_for", lambda url: client)
    monkeypatch.setattr(
        "budget_sync.cli.sync_now.wait_for_run", lambda c, run_id, timeout: {"status": "FAILURE"}
    )

    data = syncing.dagster_sync("http://127.0.0.1:1", engine, "acme", "api")

    [(_, run_config, sent)] = client.calls
    assert sent == tags.run_tags("acme", "local", "api", partition=True) and run_config is None
    assert data["success"] is False and data["runId"] == "run-1"


def test_sensor_and_schedule_requests_carry_the_source_type(tmp_path):
    from datetime import UTC, datetime

    from budget_sync.sources import DropFile

    customer = local_customer("acme", tmp_path / "drops")
    file = DropFile("b.csv", str(tmp_path / "drops" / "b.csv"), 10, datetime.now(UTC), None)

    drop = drop_request(customer, file)
    [batch] = batch_requests([customer], "sync_hourly:t", "schedule")

    assert drop.tags[tags.SOURCE_TYPE] == batch.tags[tags.SOURCE_TYPE] == "local"
    assert drop.tags[tags.FILE].endswith("b.csv") and batch.tags[tags.CUSTOMER] == "acme"
