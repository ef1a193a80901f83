"""With DAGSTER_HOME set, `budget-sync sync` and `upload` are runs of the real `sync_customer` job on that
instance (SQLite storage in a tmp dir, the repository's dagster.yaml), tagged like every sync run, with
the connectors' log lines in the run's event log."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import dagster as dg
import pytest

from budget_sync.store.db import ready_engine
from budget_sync_tests.cli.conftest import ROWS
from budget_sync_tests.pipeline.conftest import sync_rows

ROOT = Path(__file__).resolve().parents[2]
TOTALS = [*ROWS, ("Total", "", "FY2025-Q1", "1.00", "USD")]


@pytest.fixture
def dagster_home(tmp_path, monkeypatch):
    from dagster._core.storage.defs_state.base import set_defs_state_storage

    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    gc.collect()  # see budget_sync_tests/defs/conftest.py: no leftover defs-state storage
    with set_defs_state_storage(None):
        yield home


@pytest.fixture
def instance(dagster_home):
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        yield instance


def only_run(instance) -> dg.DagsterRun:
    [run] = instance.get_runs()
    return run


def test_cli_sync_is_a_tagged_dagster_run_of_sync_customer(
    cli, customers_file, drops, dagster_home, sqlite_url
):
    drops.write("acme", "b.csv", ROWS)
    cli("sources", "apply", customers_file("acme"))

    code, data = cli.json("sync", "acme")

    assert code == 0 and data["success"] is True and data["budgetsCreated"] == 5
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        run = only_run(instance)
        assert (run.run_id, run.job_name, run.status) == (
            data["runId"],
            "sync_customer",
            dg.DagsterRunStatus.SUCCESS,
        )
        assert run.tags["budget_sync/customer"] == run.tags["dagster/partition"] == "acme"
        assert (run.tags["budget_sync/source_type"], run.tags["budget_sync/trigger"]) == ("local", "cli")
        logs = [e.user_message for e in instance.all_logs(run.run_id) if e.dagster_event is None]
        assert "local acme: read b.csv" in "\n".join(logs)  # the connector's python log line
    [row] = sync_rows(ready_engine(sqlite_url), "acme")
    assert (row["run_id"], row["trigger"], row["status"], row["created"]) == (run.run_id, "cli", "success", 5)
    code, again = cli.json("sync", "acme")
    assert (code, again["skipped"], again["budgetsUnchanged"]) == (0, True, 5)


def test_cli_upload_hands_the_file_to_the_run(cli, customers_file, drops, dagster_home, sqlite_url):
    cli("sources", "apply", customers_file("acme"))
    upload = drops.write("uploads", "march.csv", TOTALS)

    code, data = cli.json("upload", "acme", upload)

    assert code == 0 and data["budgetsCreated"] == 5 and data["file"]["name"] == "march.csv"
    assert any("control total" in w and "Total" in w and "says 1.00" in w for w in data["warnings"])
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        run = only_run(instance)
        assert run.tags["budget_sync/trigger"] == "upload" and run.run_id == data["runId"]
        config = run.run_config["ops"]["customer_sync"]["config"]
        assert config["upload_path"] == str(upload.resolve())
    [row] = sync_rows(ready_engine(sqlite_url), "acme")
    assert (row["trigger"], row["source_file"]) == ("upload", upload.as_uri())


def test_cli_dagster_run_lists_the_rejected_rows_like_the_in_process_sync(
    cli, customers_file, drops, dagster_home
):
    """The run's step hands its SyncOutcome back to this process: rejected rows are listed, not only counted."""
    cli("sources", "apply", customers_file("acme"))
    upload = drops.write(
        "uploads", "april.csv", [*ROWS, ("Sales", "Travel", "FY2025-Q1", "not money", "USD")]
    )

    code, data = cli.json("upload", "acme", upload)

    assert code == 0 and data["runId"] and data["budgetsCreated"] == 5 and data["rejected"] == 1
    assert [e["row"] for e in data["errors"]] == [len(ROWS) + 2]
    assert "not money" in data["errors"][0]["reason"] or "amount" in data["errors"][0]["reason"]


def test_failed_cli_sync_is_a_failed_run_and_says_why(cli, customers_file, drops, dagster_home):
    drops.write("acme", "b.csv", [("just prose",)], header=("no table here",))
    cli("sources", "apply", customers_file("acme"))

    code, data = cli.json("sync", "acme")
    plain_code, _, err = cli("sync", "acme")

    assert code == plain_code == 1 and data["success"] is False and "b.csv" in data["error"]
    assert "b.csv" in err and "last good sync" in err
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        runs = instance.get_runs()
        assert [r.status for r in runs] == [dg.DagsterRunStatus.FAILURE] * 2
        assert data["runId"] in {r.run_id for r in runs}


def test_without_dagster_home_the_sync_stays_in_process(cli, customers_file, drops):
    drops.write("acme", "b.csv", ROWS)
    cli("sources", "apply", customers_file("acme"))

    code, data = cli.json("sync", "acme")

    assert code == 0 and data["success"] is True and "runId" not in data


def test_a_dagster_home_that_is_not_an_instance_is_a_setting_to_fix(
    cli, customers_file, drops, tmp_path, monkeypatch
):
    drops.write("acme", "b.csv", ROWS)
    cli("sources", "apply", customers_file("acme"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "missing"))

    code, _, err = cli("sync", "acme")

    assert code == 2 and "DAGSTER_HOME" in err and "unset DAGSTER_HOME" in err


def test_guarded_cli_run_fails_with_the_guard_reason_until_allowed(
    cli, customers_file, drops, dagster_home, sqlite_url
):
    cli("sources", "apply", customers_file("acme"))
    cli("upload", "acme", drops.write("uploads", "full.csv", ROWS))
    one_left = drops.write("uploads", "one.csv", ROWS[:1])

    code, blocked = cli.json("upload", "acme", one_left)
    allowed_code, allowed = cli.json("upload", "acme", one_left, "--allow-mass-change")

    assert code == 1 and blocked["success"] is False and "would remove 2 of 3 budgets" in blocked["error"]
    assert allowed_code == 0 and allowed["budgetsRemoved"] == 2  # the other FY2025-Q1 budgets
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        runs = {r.run_id: r for r in instance.get_runs()}
        assert runs[blocked["runId"]].status == dg.DagsterRunStatus.FAILURE
        assert runs[allowed["runId"]].tags["budget_sync/allow_mass_change"] == "true"
    assert [r["status"] for r in sync_rows(ready_engine(sqlite_url), "acme")] == [
        "success",
        "failed",
        "success",
    ]


def test_the_cli_run_reports_the_stored_sync_time_without_reading_it_back(
    cli, customers_file, drops, dagster_home, sqlite_url
):
    """Two reads of the customer row: the CLI's, for the run's tags, and the run's own, which a run in
    another process would need as well; the reported time is the one the run's sync wrote."""
    from datetime import datetime

    from budget_sync.store.customers import get_status
    from budget_sync_tests.db_state import registry_statements

    drops.write("acme", "b.csv", ROWS)
    cli("sources", "apply", customers_file("acme"))
    with registry_statements() as seen:
        code, data = cli.json("sync", "acme")
    assert code == 0 and data["budgetsCreated"] == 5
    assert (len(seen.reads), len(seen.synced_at_writes)) == (2, 1), seen
    stored = get_status(ready_engine(sqlite_url), "acme")["last_synced_at"]
    assert datetime.fromisoformat(data["lastSyncedAt"]) == stored
