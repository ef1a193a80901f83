"""What the Dagster UI shows is the truth (issue 11): no selection re-imports stored outputs as a success,
a failed sync marks its partition failing with the reason, batch and single runs report the same events,
and alerts of a guarded sync carry the guard's own sentence. Through the real code location."""

from __future__ import annotations

import dagster as dg
import pytest

from budget_sync.defs.history import latest_metadata
from budget_sync.defs.jobs import sync_batch_job
from budget_sync.defs.sensors.failures import failed_customers
from budget_sync_tests.defs.conftest import departments, local_customer, write_budget

RAW, MAPPED, TABLE = (dg.AssetKey(k) for k in ("raw_budget_export", "mapped_budgets", "budget_table"))


def write_broken(folder, name: str = "b.csv", mtime: float = 4_000_000_000):
    """A newer file whose amount column was renamed to something no mapping recognises."""
    import os

    path = folder / name
    path.write_text(
        "Department,Sub-category,Fiscal Period,Zqx Total,Currency\n"
        + "".join(f"Dept {i:03d},,FY2025,not money,USD\n" for i in range(3)),
        encoding="utf-8",
    )
    os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def asset_job():
    """The job the UI's Materialize launches (every asset and check of the code location)."""
    from budget_sync.definitions import defs

    return defs, defs.resolve_implicit_global_asset_job_def()


def evaluations(result) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def test_no_selection_of_the_ui_can_reimport_stored_outputs_as_a_success(
    tmp_path, engine, add_customers, instance, resources, asset_job, monkeypatch
):
    from budget_sync.defs.sensors.follow_up import follow_up_failed_syncs
    from budget_sync.store.customers import get_status
    from budget_sync.store.syncs import history

    defs, job = asset_job
    drop = tmp_path / "drop"
    write_budget(drop, "a.csv", departments(3))
    add_customers(local_customer("acme", drop))
    instance.add_dynamic_partitions("customers", ["acme"])
    assert job.execute_in_process(instance=instance, partition_key="acme").success
    write_broken(drop)

    for subset in ({TABLE}, {MAPPED}, {RAW}, {MAPPED, TABLE}, {RAW, MAPPED}):
        with pytest.raises(dg.DagsterInvalidSubsetError, match="does not support subsetting"):
            job.get_subset(asset_selection=subset)
    # What the UI runs for Materialize on budget_table: its required neighbours, i.e. the whole sync.
    selection = dg.AssetSelection.assets(TABLE).required_multi_asset_neighbors()
    keys = selection.resolve(defs.resolve_asset_graph())
    assert keys == {RAW, MAPPED, TABLE}
    result = job.execute_in_process(
        instance=instance, partition_key="acme", asset_selection=list(keys), raise_on_error=False
    )

    assert not result.success
    assert result.get_asset_materialization_events() == []  # nothing looks synced
    status = get_status(engine, "acme")
    assert status["last_status"] == "failed" and "Zqx Total" in status["last_error"]
    latest = history(engine, "acme")[0]
    assert latest["status"] == "failed" and latest["source_file"].endswith("b.csv")
    assert latest_metadata(instance, "budget_table", "acme")["file_name"] == "a.csv"  # the good sync's
    run = instance.get_run_by_id(result.run_id)
    assert list(failed_customers(run, result.get_step_failure_events())) == ["acme"]  # alert fires
    monkeypatch.setenv("BUDGET_SYNC_FOLLOW_UP_DELAY_SECONDS", "0")
    follow_up = follow_up_failed_syncs(dg.build_sensor_context(instance=instance, resources=resources))
    assert [r.partition_key for r in follow_up.run_requests] == ["acme"]  # the promised follow-up


def test_a_failed_sync_marks_its_partition_failing_with_why_since_when_and_the_data_in_use(
    tmp_path, engine, add_customers, sync, instance
):
    from budget_sync.store.customers import get_status
    from budget_sync.store.syncs import history

    drop = tmp_path / "drop"
    write_budget(drop, "a.csv", departments(3))
    add_customers(local_customer("acme", drop))
    assert sync("acme").success
    good = latest_metadata(instance, "budget_table", "acme")
    assert list(good)[0] == "summary" and list(good)[-1] == "accepted_mapping"  # card first, JSON after
    synced_at = get_status(engine, "acme")["last_synced_at"]
    write_broken(drop)

    first = sync("acme")
    second = sync("acme")

    assert not first.success and not second.success
    failed_at = history(engine, "acme")[1]["started_at"]  # the first of the two failures
    check = evaluations(second)["sync_succeeded"]
    assert not check.passed and check.partition == "acme" and check.severity == dg.AssetCheckSeverity.ERROR
    reason = get_status(engine, "acme")["last_error"]
    assert check.description == reason and "Zqx Total" in reason
    assert list(check.metadata)[0] == "summary"
    card = check.metadata["summary"].value.splitlines()
    assert f"- Status: ❌ Failing since {failed_at:%Y-%m-%d %H:%M} UTC" in card
    assert f"- Why: {reason}" in card
    assert f"- Budget checks still use: the data synced {synced_at:%Y-%m-%d %H:%M} UTC" in card
    assert check.metadata["failing_since"].value == failed_at.isoformat(timespec="seconds")
    records = instance.fetch_observations(
        dg.AssetRecordsFilter(asset_key=TABLE, asset_partitions=["acme"]), limit=1
    ).records
    observed = records[0].asset_observation
    assert observed.partition == "acme" and observed.metadata["status"].value == "failing"
    assert observed.metadata["summary"].value == check.metadata["summary"].value
    stored = instance.event_log_storage.get_latest_asset_check_execution_by_key(
        [dg.AssetCheckKey(TABLE, "sync_succeeded")]
    )
    assert stored[dg.AssetCheckKey(TABLE, "sync_succeeded")].run_id == second.run_id

    write_budget(drop, "c.csv", departments(3, amount="1100.00"), mtime=4_100_000_000)
    healed = evaluations(sync("acme"))["sync_succeeded"]
    assert healed.passed and healed.partition == "acme" and healed.description == "synced"


def run_batch(instance, resources, ids, tags=None):
    return sync_batch_job.execute_in_process(
        run_config={"ops": {"sync_customers": {"config": {"customer_ids": ids}}}},
        instance=instance,
        resources=resources,
        tags=tags or {"budget_sync/trigger": "schedule"},
        raise_on_error=False,
    )


def events_of(result, partition: str) -> dict:
    """The partition's events: per asset its materialization's metadata keys, per check (passed,
    severity, metadata keys)."""
    materializations = {
        e.asset_key.to_user_string(): sorted(e.materialization.metadata)
        for e in result.get_asset_materialization_events()
        if e.partition == partition
    }
    checks = {
        (e.asset_key.to_user_string(), e.check_name): (e.passed, e.severity, sorted(e.metadata))
        for e in result.get_asset_check_evaluations()
        if e.partition == partition
    }
    return {"materializations": materializations, "checks": checks}


@pytest.mark.parametrize("change", ["first sync", "unchanged", "changed", "broken", "guarded"])
def test_batch_and_single_runs_report_the_same_per_partition_events(
    tmp_path, add_customers, sync, instance, resources, change
):
    for cid in ("single", "batched"):
        write_budget(tmp_path / cid, "a.csv", departments(10))
        add_customers(local_customer(cid, tmp_path / cid))
    instance.add_dynamic_partitions("customers", ["single", "batched"])
    if change != "first sync":
        assert sync("single").success and run_batch(instance, resources, ["batched"]).success
    for cid in ("single", "batched"):
        if change == "changed":
            write_budget(tmp_path / cid, "b.csv", departments(10, amount="2000.00"), mtime=4_000_000_000)
        elif change == "broken":
            write_broken(tmp_path / cid)
        elif change == "guarded":
            write_budget(tmp_path / cid, "b.csv", departments(2), mtime=4_000_000_000)

    single = events_of(sync("single"), "single")
    batched = events_of(run_batch(instance, resources, ["batched"]), "batched")

    assert single == batched
    expected = {"first sync": 3, "unchanged": 3, "changed": 3, "broken": 0, "guarded": 0}[change]
    assert len(single["materializations"]) == expected
    checks = {name: passed for (_, name), (passed, *_rest) in single["checks"].items()}
    if change in ("broken", "guarded"):
        assert checks["sync_succeeded"] is False
    else:
        assert set(checks) == {
            "sync_guard",
            "control_totals",
            "utilization_preserved",
            "utilization_covered",
            "sync_succeeded",
        }
        assert all(checks.values())
    if change == "guarded":
        assert checks["sync_guard"] is False


def test_guard_alerts_carry_the_guards_own_sentence(
    tmp_path, engine, add_customers, sync, instance, resources
):
    from budget_sync.defs.sensors.run_failure import sync_failure_alerts
    from budget_sync.store.notifications import list_notifications

    for cid in ("single", "batched"):
        write_budget(tmp_path / cid, "a.csv", departments(28))
        add_customers(local_customer(cid, tmp_path / cid))
    assert sync("single").success and run_batch(instance, resources, ["batched"]).success
    for cid in ("single", "batched"):
        write_budget(tmp_path / cid, "b.csv", departments(4), mtime=4_000_000_000)  # 24 of 28 gone

    for result in (sync("single"), run_batch(instance, resources, ["batched"])):
        assert not result.success
        run = instance.get_run_by_id(result.run_id)
        context = dg.build_run_status_sensor_context(
            sensor_name="sync_failure_alerts",
            dagster_event=result.get_run_failure_event(),
            dagster_instance=instance,
            dagster_run=run,
            resources=resources,
        ).for_run_failure()
        sync_failure_alerts(context)

    for cid in ("single", "batched"):
        body = list_notifications(engine, cid)[0]["body"]
        assert "would remove 24 of 28 budgets (86%, limit 20%)" in body
        assert "re-run with tag budget_sync/allow_mass_change=true" in body
        assert "blocking asset check" not in body


def test_a_failed_fetch_marks_the_partition_failing_too(tmp_path, add_customers, sync):
    add_customers(local_customer("acme", tmp_path / "missing"))

    result = sync("acme")

    assert not result.success and result.get_asset_materialization_events() == []
    check = evaluations(result)["sync_succeeded"]
    assert not check.passed and check.partition == "acme" and "does not exist" in check.description
    assert check.metadata["data_in_use"].value.startswith("no data: this customer has never synced")
    failure = result.get_step_failure_events()[0].step_failure_data.user_failure_data
    assert failure.description == check.description  # the alert's reason is the partition's


LAUNCH = """
mutation($executionParams: ExecutionParams!) {
  launchPipelineExecution(executionParams: $executionParams) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on InvalidSubsetError { message }
    ... on PythonError { message }
  }
}"""


@pytest.mark.slow
def test_the_webservers_graphql_refuses_a_budget_table_only_run_and_the_whole_sync_fails_honestly(
    tmp_path, engine, add_customers
):
    """What the UI sends: GraphQL to a code server loading budget_sync/definitions.py; the run is
    launched at once (no queue daemon in a test) in its own process, like the webserver's."""
    import time
    from pathlib import Path

    from dagster_graphql.test.utils import define_out_of_process_context, execute_dagster_graphql

    import budget_sync.definitions

    drop = tmp_path / "drop"
    write_budget(drop, "a.csv", departments(3))
    add_customers(local_customer("acme", drop))
    write_broken(drop)  # the newest file, broken
    coordinator = {"module": "dagster._core.run_coordinator", "class": "DefaultRunCoordinator"}
    with (
        dg.instance_for_test(overrides={"run_coordinator": coordinator}) as instance,
        define_out_of_process_context(str(Path(budget_sync.definitions.__file__)), "defs", instance) as ctx,
    ):
        instance.add_dynamic_partitions("customers", ["acme"])

        def launch(*assets: str) -> dict:
            selector = {
                "repositoryLocationName": ctx.code_location_names[0],
                "repositoryName": "__repository__",
                "pipelineName": "__ASSET_JOB",
                "assetSelection": [{"path": [a]} for a in assets],
            }
            metadata = {"tags": [{"key": "dagster/partition", "value": "acme"}]}
            params = {"selector": selector, "executionMetadata": metadata}
            return execute_dagster_graphql(ctx, LAUNCH, {"executionParams": params}).data[
                "launchPipelineExecution"
            ]

        for assets in (["budget_table"], ["mapped_budgets"], ["mapped_budgets", "budget_table"]):
            refused = launch(*assets)
            assert refused["__typename"] == "InvalidSubsetError", assets
            assert "does not support subsetting" in refused["message"]
        launched = launch("raw_budget_export", "mapped_budgets", "budget_table")
        assert launched["__typename"] == "LaunchRunSuccess"
        run_id = launched["run"]["runId"]
        deadline = time.monotonic() + 120
        while not instance.get_run_by_id(run_id).is_finished and time.monotonic() < deadline:
            time.sleep(0.5)
        assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.FAILURE
        assert latest_metadata(instance, "budget_table", "acme") is None  # nothing ever looked synced
        checks = instance.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(TABLE, "sync_succeeded")]
        )
        record = checks[dg.AssetCheckKey(TABLE, "sync_succeeded")]
        evaluation = record.event.dagster_event.event_specific_data
        assert record.run_id == run_id and not evaluation.passed and evaluation.partition == "acme"
        assert "Zqx Total" in evaluation.description
