"""End to end on Dagster's distributed parts, as deploy/ describes them: the code location served by
`dagster code-server start` in its own process, `dagster-webserver` and `dagster-daemon run` in two more,
all reading deploy/dagster.yaml with Dagster's storage in PostgreSQL and compute logs in S3 (moto's
server on loopback), raw copies in the same bucket. A dropped file is picked up by the file-drop sensor
and synced by a run the daemon launches through the code server."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from budget_sync_tests.defs.conftest import departments, local_customer, write_budget
from budget_sync_tests.defs.servers import free_port
from budget_sync_tests.defs.test_e2e_dagster_dev import query, wait_for, webserver_up
from budget_sync_tests.sources_drop.conftest import moto_s3  # noqa: F401
from budget_sync_tests.sources_drop.servers import TEST_REGION

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

RUN_QUERY = """query($id: ID!) { runOrError(runId: $id) { ... on Run { status tags { key value } } } }"""


def workspace_for(code_port: int, path: Path) -> Path:
    """deploy/workspace.yaml, pointed at this test's code server."""
    workspace = yaml.safe_load((ROOT / "deploy" / "workspace.yaml").read_text())
    server = workspace["load_from"][0]["grpc_server"]
    server.update(host="127.0.0.1", port=code_port)
    path.write_text(yaml.safe_dump(workspace))
    return path


def objects(s3, bucket: str, prefix: str) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])]


@pytest.fixture
def processes(tmp_path):
    started: list[subprocess.Popen] = []

    def start(name: str, cmd: list[str], env: dict) -> subprocess.Popen:
        log = (tmp_path / f"{name}.log").open("w")
        proc = subprocess.Popen(
            cmd, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        os.killpg(proc.pid, signal.SIGTERM)
    for proc in started:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_file_drop_syncs_through_code_server_webserver_and_daemon(
    tmp_path,
    pg_database_factory,
    moto_s3,  # noqa: F811
    processes,
):
    import dagster as dg
    from dagster_graphql import DagsterGraphQLClient

    from budget_sync.store.customers import upsert_customers
    from budget_sync.store.db import ready_engine

    bucket = moto_s3.new_bucket()
    dagster_url, budgets_url = pg_database_factory(), pg_database_factory()
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "DAGSTER_PG_URL": dagster_url,
        "BUDGET_SYNC_DATABASE_URL": budgets_url,
        "BUDGET_SYNC_HOME": str(tmp_path / "budget_sync"),
        "BUDGET_SYNC_S3_BUCKET": bucket,
        "BUDGET_SYNC_RAW_URL": f"s3://{bucket}/raw",
        "AWS_ENDPOINT_URL_S3": moto_s3.endpoint_url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": TEST_REGION,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    engine = ready_engine(budgets_url)
    upsert_customers(engine, [local_customer("acme", tmp_path / "drops" / "acme", "manual")])
    write_budget(tmp_path / "drops" / "acme", "acme_budget.csv", departments(5, amount="1250.00"))
    with pytest.MonkeyPatch.context() as patch:  # the partition exists, so the file-drop sensor syncs it
        for name in ("DAGSTER_PG_URL", "BUDGET_SYNC_S3_BUCKET", "AWS_ENDPOINT_URL_S3"):
            patch.setenv(name, env[name])
        with dg.DagsterInstance.from_config(str(home)) as instance:
            instance.add_dynamic_partitions("customers", ["acme"])

    code_port, web_port = free_port(), free_port()
    workspace = workspace_for(code_port, tmp_path / "workspace.yaml")
    code = processes(
        "code_server",
        [str(BIN / "dagster"), "code-server", "start", "-h", "127.0.0.1", "-p", str(code_port)]
        + ["-m", "budget_sync.definitions", "--location-name", "budget_sync"],
        env,
    )
    web = processes(
        "webserver",
        [str(BIN / "dagster-webserver"), "-w", str(workspace), "-h", "127.0.0.1", "-p", str(web_port)],
        env,
    )
    daemon = processes("daemon", [str(BIN / "dagster-daemon"), "run", "-w", str(workspace)], env)

    synced = wait_for(
        lambda: query(engine, "SELECT run_id, trigger, created FROM budget_syncs WHERE status = 'success'"),
        180,
        "the file-drop sync",
        daemon,
    )
    assert code.poll() is None and web.poll() is None
    run_id, trigger, created = synced[0]
    assert trigger == "file_drop" and created == 5
    rows = query(engine, "SELECT customer_id, budgeted_amount FROM budgets")
    assert len(rows) == 5 and {(c, str(a)) for c, a in rows} == {("acme", "1250.00")}

    wait_for(lambda: webserver_up(f"http://127.0.0.1:{web_port}"), 60, "the webserver", web)
    client = DagsterGraphQLClient("127.0.0.1", port_number=web_port, timeout=30)
    run = wait_for(
        lambda: (
            (r := client._execute(RUN_QUERY, {"id": run_id})["runOrError"]).get("status") == "SUCCESS" and r
        ),
        60,
        "the run's SUCCESS in the webserver",
        web,
    )
    assert {t["key"]: t["value"] for t in run["tags"]}["budget_sync/customer"] == "acme"

    s3 = moto_s3.client()
    raw = objects(s3, bucket, "raw/")
    assert len(raw) == 1 and raw[0].startswith("raw/acme/") and raw[0].endswith("-acme_budget.csv")
    logs = wait_for(
        lambda: objects(s3, bucket, "dagster/compute-logs/"), 60, "the run's compute logs in S3", daemon
    )
    assert any(run_id in key for key in logs)
    engine.dispose()
