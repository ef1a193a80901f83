"""`budget-sync preview`: the JSON contract, the readable table, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from budget_sync.cli import main
from budget_sync_tests.files.writers import write_ods, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
ROWS = [
    ["Acme FY2025 budget ($K)"],
    ["Department", "Account", "Q1", "Q2", "Total"],
    ["Sales", "Travel", "1.5", "2", "3.5"],
    ["Sales", "Meals", "#N/A", "1", "1"],
    ["Ops", "", "0.25", "", "0.25"],
]


def _csv(tmp_path, delimiter=",", name="acme.csv"):
    path = tmp_path / name
    path.write_text("\n".join(delimiter.join(r) for r in ROWS) + "\n", encoding="utf-8")
    return path


def test_json_contract(tmp_path, capsys):
    assert main(["preview", str(_csv(tmp_path)), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) >= {"budgets", "rejected", "mapping"}
    assert payload["budgets"][0] == {
        "department": "Sales",
        "sub_category": "Travel",
        "fiscal_period": "FY2025-Q1",
        "budgeted_amount": "1500.00",
        "currency": "USD",
    }
    ops = [b for b in payload["budgets"] if b["department"] == "Ops"]
    assert ops == [
        {
            "department": "Ops",
            "sub_category": None,
            "fiscal_period": "FY2025-Q1",
            "budgeted_amount": "250.00",
            "currency": "USD",
        }
    ]
    assert payload["rejected"] == [{"row": 4, "reason": payload["rejected"][0]["reason"]}]
    assert "#N/A" in payload["rejected"][0]["reason"]
    assert payload["mapping"]["layout"] == "wide"


@pytest.mark.parametrize("kind", ["tsv", "xlsx", "ods"])
def test_other_formats(tmp_path, capsys, kind):
    if kind == "tsv":
        path = _csv(tmp_path, "\t", "acme.tsv")
    else:
        rows = [[float(c) if c.replace(".", "").isdigit() else c for c in row] for row in ROWS]
        writer = write_xlsx if kind == "xlsx" else write_ods
        path = writer(tmp_path / f"acme.{kind}", {"Budget": rows})
    assert main(["preview", str(path), "--json"]) == 0
    budgets = json.loads(capsys.readouterr().out)["budgets"]
    assert [b["budgeted_amount"] for b in budgets] == ["1500.00", "2000.00", "1000.00", "250.00"]


def test_readable_table(tmp_path, capsys):
    assert main(["preview", str(_csv(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "Department" in out and "department" in out and "1.00" in out
    assert "4 budgets" in out and "FY2025-Q2" in out
    assert "1 rejected row\n" in out and "row 4:" in out


def test_config_file_and_sheet_option(tmp_path, capsys):
    path = write_xlsx(
        tmp_path / "two.xlsx", {"Notes": [["hello"]], "Plan": [["Name", "Value"], ["Sales", 3]]}
    )
    config = tmp_path / "mapping.yaml"
    config.write_text("mapping:\n  department: Name\n  budgeted_amount: Value\n  default_period: FY2026\n")
    assert main(["preview", str(path), "--sheet", "Plan", "--config", str(config), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["budgets"][0]["fiscal_period"] == "FY2026"
    bare = tmp_path / "bare.yaml"
    bare.write_text("department: Name\nbudgeted_amount: Value\ndefault_period: FY2027\n")
    assert main(["preview", str(path), "--sheet", "Plan", "--config", str(bare), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["budgets"][0]["fiscal_period"] == "FY2027"


@pytest.mark.parametrize(
    "name,data,words",
    [
        ("image.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG image"),
        ("empty.csv", b"", "empty"),
        ("letter.csv", b"Dear team,\nthe plan is attached.\n", "no header row"),
    ],
)
def test_unmappable_files_exit_2_with_one_line(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "budget_sync", "preview", str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and words in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_file_and_bad_config(tmp_path, capsys):
    assert main(["preview", str(tmp_path / "nope.csv")]) == 2
    assert "nope.csv" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("mapping: [1, 2\n")
    assert main(["preview", str(_csv(tmp_path)), "--config", str(bad)]) == 2
    assert "bad.yaml" in capsys.readouterr().err
