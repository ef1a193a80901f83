"""End to end: a real `dagster dev` (webserver + daemon) picks up a dropped file and syncs it, with no
manual step; then `budget-sync sync-now` goes through the webserver's GraphQL API."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from budget_sync_tests.defs.conftest import departments, write_budget
from budget_sync_tests.defs.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow

CUSTOMERS = """customers:
  - id: acme
    name: Acme Corp
    source: {{type: local, path: {folder}, pattern: "*.csv", stable_seconds: 0}}
    sync_frequency: manual
"""


def wait_for(predicate, timeout: float, what: str, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(
                f"dagster dev exited early (code {proc.returncode}) while waiting for {what}"
            )
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def webserver_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/server_info", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def query(engine, sql: str) -> list:
    with engine.connect() as conn:
        return list(conn.execute(sa.text(sql)))


@pytest.fixture
def env(tmp_path) -> dict:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    return {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "BUDGET_SYNC_HOME": str(tmp_path / "budget_sync"),
        "BUDGET_SYNC_DATABASE_URL": f"sqlite:///{tmp_path / 'budgets.db'}",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


def test_dropped_file_syncs_through_dagster_dev(tmp_path, env):
    folder = tmp_path / "drops" / "acme"
    folder.mkdir(parents=True)
    customers = tmp_path / "customers.yaml"
    customers.write_text(CUSTOMERS.format(folder=folder), encoding="utf-8")
    cli = [sys.executable, "-m", "budget_sync"]
    applied = subprocess.run(
        [*cli, "sources", "apply", str(customers)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert applied.returncode == 0, applied.stderr
    engine = sa.create_engine(env["BUDGET_SYNC_DATABASE_URL"])
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "dagster_dev.log").open("w")
    proc = subprocess.Popen(
        [str(BIN / "dagster"), "dev", "-m", "budget_sync.definitions", "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: webserver, daemon and code servers stop together
    )
    try:
        wait_for(lambda: webserver_up(url), 90, "the webserver", proc)
        # The customers sensor adds the partition and starts the first sync (the folder is still empty).
        wait_for(
            lambda: query(engine, "SELECT 1 FROM budget_syncs WHERE customer_id = 'acme'"),
            90,
            "the first sync attempt",
            proc,
        )
        assert query(engine, "SELECT count(*) FROM budgets")[0][0] == 0
        # ...which fails (no file yet): the failure sensor tells the customer in the app.
        notes = wait_for(
            lambda: query(engine, "SELECT title, body FROM notifications"),
            90,
            "the failure notification",
            proc,
        )
        assert notes[0][0] == "Budget sync failed for Acme Corp" and "Next automatic attempt" in notes[0][1]

        write_budget(folder, "acme_budget.csv", departments(6, amount="2500.00"))

        wait_for(
            lambda: query(
                engine, "SELECT 1 FROM budget_syncs WHERE customer_id = 'acme' AND status = 'success'"
            ),
            120,
            "the file-drop sync",
            proc,
        )
        rows = query(engine, "SELECT department, budgeted_amount FROM budgets WHERE customer_id = 'acme'")
        assert len(rows) == 6 and {str(amount) for _, amount in rows} <= {"2500.00", "2500"}
        success = query(engine, "SELECT trigger, run_id, created FROM budget_syncs WHERE status = 'success'")
        assert success[0][0] == "file_drop" and success[0][1] and success[0][2] == 6

        now = subprocess.run(
            [*cli, "sync-now", "acme", "--webserver", url, "--timeout", "90"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=150,
        )
        assert now.returncode == 0, now.stdout + now.stderr
        result = json.loads(now.stdout)
        assert result["success"] is True and result["skipped"] is True
        assert result["budgetsImported"] == 6 and result["budgetsUnchanged"] == 6
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()
        engine.dispose()
