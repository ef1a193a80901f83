"""`make demo` (python -m budget_sync.demo) from a clean folder, twice."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import budget_sync
from budget_sync.demo import run_demo

REPO = Path(budget_sync.__file__).resolve().parent.parent


def test_demo_module_runs_in_a_fresh_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGET_SYNC_")}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, "-m", "budget_sync.demo"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"state in {tmp_path / '.budget_sync'}" in done.stdout
    assert (tmp_path / ".budget_sync" / "budgets.db").exists()
    for card in ("[acme] Acme Corp", "[globex] Globex Corporation", "[initech] Initech GmbH"):
        assert card in done.stdout
    assert "budgets synced 28 | created 28" in done.stdout  # acme: long CSV
    assert "budgets synced 60 | created 60" in done.stdout  # globex: wide XLSX, 5 departments x 12 months
    assert "-> approved: budgeted 12500.00" in done.stdout


def test_demo_second_run_skips_everything(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("BUDGET_SYNC_HOME", "BUDGET_SYNC_DATABASE_URL", "BUDGET_SYNC_RAW_DIR"):
        monkeypatch.delenv(name, raising=False)
    first: list[str] = []
    assert run_demo(via_dagster=False, out=first.append) == 0
    second: list[str] = []
    assert run_demo(via_dagster=False, out=second.append) == 0
    text = "\n".join(second)
    assert "added 0, updated 0, unchanged 3" in text
    assert text.count("skipped, the source has not changed") == 3
    assert "budgets synced 28 | created 0 | updated 0 | unchanged 28" in text
