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

    from dagster_postgres.event_log import PostgresEventLogStorage
    from dagster_postgres.run_storage import PostgresRunStorage

    assert isinstance(instance.run_storage, PostgresRunStorage)
    assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
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


def count_connects(monkeypatch) -> dict:
    import psycopg2

    counter, real = {"n": 0}, psycopg2.connect

    def connect(*args, **kwargs):
        counter["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(psycopg2, "connect", connect)
    return counter


@pytest.mark.postgres
def test_deploy_storage_keeps_its_connection_between_events(tmp_path, pg_url, monkeypatch):
    """dagster-postgres alone connects anew for every statement (several per event): a batch of 250
    customers stored 2,000 events over about 6,000 fresh connections."""
    monkeypatch.setenv("DAGSTER_PG_URL", pg_url)
    monkeypatch.setenv("BUDGET_SYNC_S3_BUCKET", "budget-sync-data")
    instance = load(tmp_path, ROOT / "deploy" / "dagster.yaml")
    try:
        run = instance.add_run(dg.DagsterRun(job_name="sync_batch"))
        connects = count_connects(monkeypatch)
        for i in range(20):
            instance.report_runless_asset_event(
                dg.AssetMaterialization("budget_table", partition=f"c{i}", metadata={"total": i})
            )
            instance.get_run_by_id(run.run_id)

        assert connects["n"] <= 2  # one kept by each storage
        records = instance.fetch_materializations(dg.AssetKey("budget_table"), limit=50).records
        assert sorted(r.partition_key for r in records) == sorted(f"c{i}" for i in range(20))
    finally:
        instance.dispose()


@pytest.mark.postgres
def test_deploy_storage_replaces_a_connection_postgres_closed(tmp_path, pg_url, monkeypatch):
    """PostgreSQL restarted (or dropped idle connections): the kept connection is dead; the next use
    connects anew instead of failing the run or the daemon's tick."""
    import sqlalchemy as sa

    from budget_sync.defs import pg_storage

    monkeypatch.setenv("DAGSTER_PG_URL", pg_url)
    monkeypatch.setenv("BUDGET_SYNC_S3_BUCKET", "budget-sync-data")
    instance = load(tmp_path, ROOT / "deploy" / "dagster.yaml")
    try:
        run = instance.add_run(dg.DagsterRun(job_name="sync_customer"))
        database = sa.engine.make_url(pg_url).database
        admin = sa.create_engine(
            sa.engine.make_url(pg_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            killed = conn.execute(
                sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = :db AND pid <> pg_backend_pid()"
                ),
                {"db": database},
            ).scalar_one()
        admin.dispose()
        assert killed >= 1  # the storages' kept connections
        monkeypatch.setattr(pg_storage, "PING_AFTER_SECONDS", 0.0)

        assert instance.get_run_by_id(run.run_id).job_name == "sync_customer"
        instance.report_runless_asset_event(dg.AssetMaterialization("budget_table", partition="acme"))
        assert instance.fetch_materializations(dg.AssetKey("budget_table"), limit=1).records
    finally:
        instance.dispose()


@pytest.mark.postgres
def test_deploy_event_log_skips_the_wal_flush_wait_but_budgets_do_not(
    tmp_path, pg_url, monkeypatch, pg_database_factory
):
    """deploy/dagster.yaml sets `synchronous_commit: off` for Dagster's event log sessions only; its run
    storage and the budget database commit synchronously."""
    import sqlalchemy as sa

    monkeypatch.setenv("DAGSTER_PG_URL", pg_url)
    monkeypatch.setenv("BUDGET_SYNC_S3_BUCKET", "budget-sync-data")
    instance = load(tmp_path, ROOT / "deploy" / "dagster.yaml")
    show = sa.text("SHOW synchronous_commit")
    try:
        with instance.event_log_storage._engine.connect() as conn:
            assert conn.execute(show).scalar_one() == "off"
        with instance.run_storage._engine.connect() as conn:
            assert conn.execute(show).scalar_one() == "on"
    finally:
        instance.dispose()
    from budget_sync.store.db import ready_engine

    budgets = ready_engine(pg_database_factory())
    with budgets.connect() as conn:
        assert conn.execute(show).scalar_one() == "on"
    budgets.dispose()


def test_event_log_rejects_an_unknown_synchronous_commit():
    from budget_sync.defs.pg_storage import PooledPostgresEventLogStorage

    with pytest.raises(ValueError, match="synchronous_commit must be one of"):
        PooledPostgresEventLogStorage("postgresql://unused", synchronous_commit="off; DROP TABLE runs")


def test_store_event_override_still_matches_dagster_postgres():
    """`PooledPostgresEventLogStorage.store_event` is dagster-postgres's without the NOTIFY; when
    dagster-postgres changes its method, re-read it, carry the change over, then update the digest."""
    import hashlib
    import inspect

    from dagster_postgres.event_log import PostgresEventLogStorage

    source = inspect.getsource(PostgresEventLogStorage.store_event)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == "4a2e37e5871bf2c8"


@pytest.mark.postgres
def test_deploy_event_log_stores_materializations_and_check_results(tmp_path, pg_url, monkeypatch):
    """The events a batch reports per customer, through the deploy storage: readable as Dagster's own."""
    monkeypatch.setenv("DAGSTER_PG_URL", pg_url)
    monkeypatch.setenv("BUDGET_SYNC_S3_BUCKET", "budget-sync-data")
    instance = load(tmp_path, ROOT / "deploy" / "dagster.yaml")
    try:
        instance.add_dynamic_partitions("customers", ["acme"])
        instance.report_runless_asset_event(
            dg.AssetMaterialization("budget_table", partition="acme", metadata={"total": 3})
        )
        instance.report_runless_asset_event(
            dg.AssetCheckEvaluation(
                asset_key=dg.AssetKey("budget_table"),
                check_name="sync_succeeded",
                passed=True,
                partition="acme",
            )
        )
        record = instance.fetch_materializations(dg.AssetKey("budget_table"), limit=1).records[0]
        assert record.partition_key == "acme" and record.asset_materialization.metadata["total"].value == 3
        check_key = dg.AssetCheckKey(dg.AssetKey("budget_table"), "sync_succeeded")
        executions = instance.event_log_storage.get_asset_check_execution_history(check_key, limit=5)
        assert [e.partition for e in executions] == ["acme"]
        assert instance.get_latest_materialization_event(dg.AssetKey("budget_table")) is not None
    finally:
        instance.dispose()
