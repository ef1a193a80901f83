"""The conftest's PostgreSQL rule, run in a child pytest against a closed port: without a server the
PostgreSQL tests skip locally, and fail under CI=true (CI must never go green by skipping them)."""

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A small test that needs a PostgreSQL database (fixture pg_url through pg_engine).
PG_TEST = "budget_sync_tests/store/test_check.py::test_prepared_statements_dropped_by_a_pool_reset_are_prepared_again"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _child_pytest(ci: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "CI"))}
    env["BUDGET_SYNC_TEST_PG"] = f"postgresql+psycopg2://postgres@127.0.0.1:{_closed_port()}/postgres"
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", PG_TEST, "-p", "no:cacheprovider", "-p", "no:xdist", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_a_server_postgres_tests_skip_locally():
    result = _child_pytest(None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout and "PostgreSQL unreachable" in result.stdout


def test_without_a_server_postgres_tests_fail_under_ci():
    result = _child_pytest("true")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "PostgreSQL is required under CI=true but unreachable" in result.stdout
    assert "1 error" in result.stdout and "skipped" not in result.stdout
