"""The instance configs load as Dagster reads them: dagster.yaml (for `dagster dev`) and the production
deploy/dagster.yaml on a real PostgreSQL (dagster-postgres), with the settings the README promises."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

ROOT = Path(__file__).resolve().parents[2]


def load(tmp_path, config: Path) -> dg.DagsterInstance:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(config, home / "dagster.yaml")
    return dg.DagsterInstance.from_config(str(home))


def limits(instance) -> dict:
    """The tag limits the run queue daemon applies (it reads the instance's concurrency config)."""
    queue = instance.get_concurrency_config().run_queue_config
    return {(limit["key"], str(limit.get("value"))): limit["limit"] for limit in queue.tag_concurrency_limits}


def assert_one_sync_per_customer_and_source_limits(instance):
    from dagster._core.run_coordinator import QueuedRunCoordinator

    assert isinstance(instance.run_coordinator, QueuedRunCoordinator)
    found = limits(instance)
    per_value = str({"applyLimitPerUniqueValue": True})
    assert found[("budget_sync/customer", per_value)] == 1
    assert found[("dagster/partition", per_value)] == 1
    for source_type in ("google_sheets", "anaplan", "sftp", "s3", "local"):
        assert found[("budget_sync/source_type", source_type)] >= 1
    assert instance.run_monitoring_enabled
    assert list(instance.managed_python_loggers) == ["budget_sync"]  # connector logs in the run logs
    assert instance.python_log_level == "INFO"


def test_dev_instance_config(tmp_path):
    instance = load(tmp_path, ROOT / "dagster.yaml")

    assert_one_sync_per_customer_and_source_limits(instance)


@pytest.mark.postgres
def test_deploy_instance_config_on_postgres(tmp_path, pg_url, monkeypatch):
    monkeypatch.setenv("DAGSTER_PG_URL", pg_url)
    monkeypatch.setenv("BUDGET_SYNC_S3_BUCKET", "budget-sync-data")
    instance = load(tmp_path, ROOT / "deploy" / "dagster.yaml")

    assert type(instance.run_storage).__name__ == "PostgresRunStorage"
    assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
    assert_one_sync_per_customer_and_source_limits(instance)
    assert type(instance.compute_log_manager).__name__ == "S3ComputeLogManager"
    assert instance.run_retries_enabled and instance.run_retries_max_retries == 1
    assert instance.run_monitoring_max_runtime_seconds == 3600
    run = instance.add_run(dg.DagsterRun(job_name="sync_customer", tags={"dagster/partition": "acme"}))
    assert instance.get_run_by_id(run.run_id).tags["dagster/partition"] == "acme"  # stored in PostgreSQL


def test_helm_values_keep_the_instance_limits():
    import yaml

    instance = yaml.safe_load((ROOT / "deploy" / "dagster.yaml").read_text())
    helm = yaml.safe_load((ROOT / "deploy" / "helm" / "values.yaml").read_text())
    queued = helm["dagsterDaemon"]["runCoordinator"]["config"]["queuedRunCoordinator"]
    runs = instance["concurrency"]["runs"]

    assert helm["runLauncher"]["type"] == "K8sRunLauncher"
    assert queued["maxConcurrentRuns"] == runs["max_concurrent_runs"]
    assert queued["tagConcurrencyLimits"] == runs["tag_concurrency_limits"]
    assert helm["computeLogManager"]["type"] == "S3ComputeLogManager"
