"""sync-now through a real Dagster webserver: with a Dagster URL the service submits a `sync_customer` run
over GraphQL and waits for it, so Dagster's run history stays the sync history.

One `dagster-webserver` for the module (temp DAGSTER_HOME, the project's workspace.yaml). Its instance
launches runs directly (DefaultRunCoordinator), so no daemon is needed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from budget_sync.config import parse_customers
from budget_sync.pipeline import apply_customers_file
from budget_sync.service import create_app
from budget_sync.store.db import ready_engine
from budget_sync_tests.service.conftest import ROWS, TOKENS, Client, Server, free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
INSTANCE = """run_coordinator:
  module: dagster.core.run_coordinator
  class: DefaultRunCoordinator
run_launcher:
  module: dagster.core.launcher
  class: DefaultRunLauncher
telemetry:
  enabled: false
"""
LOCATION_QUERY = '{"query": "{ repositoriesOrError { ... on RepositoryConnection { nodes { name } } } }"}'

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dagster_webserver")]


def graphql(url: str, body: str) -> dict:
    request = urllib.request.Request(
        f"{url}/graphql", body.encode(), {"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def location_loaded(url: str) -> bool:
    try:
        nodes = graphql(url, LOCATION_QUERY)["data"]["repositoriesOrError"].get("nodes") or []
    except (OSError, KeyError, TypeError, ValueError):
        return False
    return bool(nodes)


@pytest.fixture(scope="module")
def dagster(tmp_path_factory):
    """A dagster-webserver on a free loopback port over a budget database both it and the test use."""
    root = tmp_path_factory.mktemp("dagster_webserver")
    home = root / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(INSTANCE, encoding="utf-8")
    db_url = f"sqlite:///{root / 'budgets.db'}"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "BUDGET_SYNC_HOME": str(root / "budget_sync"),
        "BUDGET_SYNC_DATABASE_URL": db_url,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    env.pop("BUDGET_SYNC_DAGSTER_URL", None)
    env.pop("BUDGET_SYNC_RAW_DIR", None)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (root / "webserver.log").open("w")
    proc = subprocess.Popen(
        [
            str(BIN / "dagster-webserver"),
            "-w",
            str(ROOT / "workspace.yaml"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the webserver and its code server stop together
    )
    try:
        deadline = time.monotonic() + 120
        while not location_loaded(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise AssertionError(
                    f"dagster-webserver did not load the code location:\n{(root / 'webserver.log').read_text()}"
                )
            time.sleep(0.5)
        yield {"url": url, "home": home, "db_url": db_url, "root": root}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()


@pytest.fixture
def engine(dagster, monkeypatch):
    monkeypatch.setenv("BUDGET_SYNC_HOME", str(dagster["root"] / "budget_sync"))
    monkeypatch.setenv("BUDGET_SYNC_DATABASE_URL", dagster["db_url"])
    engine = ready_engine(dagster["db_url"])
    yield engine
    engine.dispose()


def register_with_partition(engine, home: Path, folder: Path, customer_id: str) -> None:
    """What `sources apply` and the customers sensor do: the registry row and the Dagster partition."""
    import dagster as dg

    entry = {
        "id": customer_id,
        "name": f"{customer_id.title()} Corp",
        "source": {"type": "local", "path": str(folder), "stable_seconds": 0},
        "sync_frequency": "manual",
    }
    apply_customers_file(engine, parse_customers({"customers": [entry]}), keep_missing=True)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        instance.add_dynamic_partitions("customers", [customer_id])


def test_sync_now_is_a_dagster_run_and_its_history(dagster, engine, drops):
    import dagster as dg

    register_with_partition(engine, dagster["home"], drops.root / "acme", "acme")
    drops.write("acme", ROWS)
    with Server(create_app(engine, tokens=TOKENS, dagster_url=dagster["url"])) as server:
        response = Client(server.url).post("/api/connectors/sync-now", json={"customerId": "acme"})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["success"] is True and result["customerId"] == "acme"
    assert result["budgetsImported"] == 3 and result["budgetsCreated"] == 3 and result["rejected"] == 0
    assert result["skipped"] is False and result["syncId"] and result["lastSyncedAt"] and result["runId"]

    with dg.DagsterInstance.from_config(str(dagster["home"])) as instance:
        runs = instance.get_runs(dg.RunsFilter(tags={"dagster/partition": "acme"}))
    assert [(run.run_id, run.job_name, run.status) for run in runs] == [
        (result["runId"], "sync_customer", dg.DagsterRunStatus.SUCCESS)
    ]
    assert runs[0].tags["budget_sync/customer"] == "acme"

    with engine.connect() as conn:
        syncs = conn.execute(
            sa.text("SELECT id, run_id, status, created FROM budget_syncs WHERE customer_id = 'acme'")
        ).all()
        budgets = conn.execute(sa.text("SELECT count(*) FROM budgets WHERE customer_id = 'acme'")).scalar()
    assert [tuple(row) for row in syncs] == [(result["syncId"], result["runId"], "success", 3)]
    assert budgets == 3
