"""The code location loads and validates the way `dagster dev` and `dg` load it."""

import subprocess
import sys
from pathlib import Path

from budget_sync.definitions import defs

ROOT = Path(__file__).resolve().parents[2]


def test_definitions_hold_the_contract_names():
    repo = defs.get_repository_def()
    assert {"raw_budget_export", "mapped_budgets", "budget_table"} <= {
        k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()
    }
    checks = {key.name for key in repo.asset_graph.asset_check_keys}
    assert {"utilization_preserved", "sync_guard", "control_totals", "freshness"} <= checks
    assert {"sync_customer", "sync_batch"} <= {job.name for job in repo.get_all_jobs()}
    assert {"sync_hourly", "sync_every_4_hours", "sync_every_12_hours", "sync_daily"} == {
        s.name for s in repo.schedule_defs
    }
    assert {
        "customers",
        "local_file_drops",
        "sftp_file_drops",
        "s3_file_drops",
        "sync_failure_alerts",
        "follow_up_failed_syncs",
        "budget_freshness",
    } == {s.name for s in repo.sensor_defs}


def test_dagster_definitions_validate():
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "dagster"),
            "definitions",
            "validate",
            "-m",
            "budget_sync.definitions",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation successful" in result.stdout + result.stderr
