"""Every attempt leaves a trace: a sync killed with SIGKILL shows as `interrupted` in the history, in
`sources list` and on the customer's next sync; its budgets are those of the last good sync."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa

from budget_sync.store.db import ready_engine
from budget_sync.store.schema import budget_syncs
from budget_sync_tests.cli.conftest import ROWS
from budget_sync_tests.damaged_sync.conftest import budget_tables
from budget_sync_tests.db_state import database_state


def _statuses(url: str) -> list[str]:
    engine = ready_engine(url)
    with engine.connect() as conn:
        query = sa.select(budget_syncs.c.status).order_by(budget_syncs.c.started_at)
        return list(conn.execute(query).scalars())


def _start_slow_sync(tmp_path, db_url) -> subprocess.Popen:
    """`budget-sync sync acme` in its own process, waiting for a just-written file to stay unchanged."""
    env = {**os.environ, "BUDGET_SYNC_HOME": str(tmp_path / "home"), "BUDGET_SYNC_DATABASE_URL": db_url}
    return subprocess.Popen(
        [sys.executable, "-m", "budget_sync", "sync", "acme"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_sync_killed_with_sigkill_is_recorded_as_interrupted(cli, customers_file, drops, db_url, tmp_path):
    cli.use(db_url)
    drops.write("acme", "a.csv", ROWS)
    path = customers_file("acme")
    cli("sources", "apply", path)
    assert cli.json("sync", "acme")[0] == 0
    with open(path) as handle:
        slow = handle.read().replace("stable_seconds: 0", "stable_seconds: 120")
    with open(path, "w") as handle:
        handle.write(slow)
    assert cli("sources", "apply", path)[0] == 0
    drops.write("acme", "b.csv", ROWS[:4])  # written just now: the sync waits for it to settle
    before = budget_tables(database_state(db_url))

    process = _start_slow_sync(tmp_path, db_url)
    try:
        _wait_for(lambda: _statuses(db_url)[-1:] == ["running"])
        code, rows = cli.json("sources", "list")
        assert rows[0]["last_status"] == "running"  # alive: not interrupted
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    assert budget_tables(database_state(db_url)) == before
    assert _statuses(db_url) == ["success", "running"]
    code, rows = cli.json("sources", "list")
    assert rows[0]["last_status"] == "interrupted" and "interrupted" in rows[0]["last_error"]
    assert _statuses(db_url) == ["success", "interrupted"]
    code, out, _ = cli("sources", "list")
    assert "interrupted" in out


def test_the_next_sync_marks_the_killed_attempt_interrupted(cli, customers_file, drops, db_url, tmp_path):
    cli.use(db_url)
    drops.write("acme", "a.csv", ROWS)
    path = customers_file("acme")
    with open(path) as handle:
        slow = handle.read().replace("stable_seconds: 0", "stable_seconds: 120")
    with open(path, "w") as handle:
        handle.write(slow)
    cli("sources", "apply", path)
    process = _start_slow_sync(tmp_path, db_url)
    try:
        _wait_for(lambda: _statuses(db_url) == ["running"])
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert budget_tables(database_state(db_url))["budgets"] == []
    os.utime(drops.root / "acme" / "a.csv", (time.time() - 600, time.time() - 600))
    code, data = cli.json("sync", "acme")
    assert code == 0 and data["budgetsCreated"] == 5, data
    assert _statuses(db_url) == ["interrupted", "success"]
    engine = ready_engine(db_url)
    with engine.connect() as conn:
        error = conn.execute(sa.select(budget_syncs.c.error).where(budget_syncs.c.status == "interrupted"))
        assert "process" in error.scalar_one()
    assert json.loads(cli("sources", "list", "--json")[1])[0]["last_status"] == "success"
