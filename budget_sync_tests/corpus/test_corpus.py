"""The mapping corpus: each exported file must map to exactly the budgets a careful person reads off it.

A case (cases/<name>.yaml, written by build_corpus.py) holds:
  file                the export under files/ (a .json file holds Google Sheets API values for map_rows)
  config              optional mapping overrides
  budgets             [department, sub_category|null, period, "amount", currency] - compared as a multiset
  rejected            optional [[row, word]]: exactly these rows are rejected, each reason naming the word
  tolerated           optional rows (notes below a table) that may be rejected or skipped
  reported            optional rows (totals, filtered rows, repeated headers) that must be reported as
                      skipped or rejected, never silently dropped
  sheet               optional sheet the engine must report
  control_balanced    the file carries totals: at least one control total, all reconciled
  control_difference  the file's totals disagree: the one non-zero difference (absolute value)
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from budget_sync.mapping import map_file, map_rows

HERE = Path(__file__).parent
CASE_FILES = sorted((HERE / "cases").glob("*.yaml"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


FILE_CASES = [p for p in CASE_FILES if not load(p)["file"].endswith(".json")]


def run(case: dict):
    path = HERE / "files" / case["file"]
    config = case.get("config")
    if path.suffix == ".json":
        values = json.loads(path.read_text(encoding="utf-8"))["values"]
        return map_rows(values, config=config, file_name=path.name)
    return map_file(path, config=config)


def budget_key(budget) -> tuple:
    assert isinstance(budget.budgeted_amount, Decimal), f"amount is {type(budget.budgeted_amount)}"
    return (
        budget.department,
        budget.sub_category,
        budget.fiscal_period,
        budget.budgeted_amount,
        budget.currency,
    )


def expected_key(row: list) -> tuple:
    department, sub_category, period, amount, currency = row
    return (department, sub_category, str(period), Decimal(amount), currency)


def assert_budgets(result, case: dict) -> None:
    got = Counter(budget_key(b) for b in result.budgets)
    want = Counter(expected_key(row) for row in case["budgets"])
    missing, extra = want - got, got - want
    assert not missing and not extra, f"missing: {sorted(missing, key=str)}\nextra: {sorted(extra, key=str)}"


def test_corpus_is_large_enough():
    assert len(CASE_FILES) >= 25
    for path in CASE_FILES:
        assert (HERE / "files" / load(path)["file"]).is_file(), path.name


@pytest.mark.parametrize("case_path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(case_path: Path):
    case = load(case_path)
    result = run(case)

    assert_budgets(result, case)

    tolerated = set(case.get("tolerated", []))
    expected_rejections = {row: word for row, word in case.get("rejected", [])}
    rejected_rows = {r.row for r in result.rejected} - tolerated
    assert rejected_rows == set(expected_rejections), [r.as_dict() for r in result.rejected]
    for row, word in expected_rejections.items():
        reasons = [r.reason for r in result.rejected if r.row == row]
        assert any(word.lower() in reason.lower() for reason in reasons), (row, word, reasons)

    reported = {r.row for r in [*result.rejected, *result.skipped]}
    assert set(case.get("reported", [])) <= reported, [r.as_dict() for r in result.skipped]

    if "sheet" in case:
        assert result.sheet == case["sheet"]

    differences = [abs(Decimal(str(t["difference"]))) for t in result.control_totals]
    if "control_difference" in case:
        assert [d for d in differences if d] == [Decimal(case["control_difference"])], result.control_totals
    else:
        assert not any(differences), result.control_totals
    if case.get("control_balanced"):
        assert differences, "the file carries totals but no control total was reported"


@pytest.mark.parametrize("case_path", FILE_CASES, ids=[p.stem for p in FILE_CASES])
def test_uploaded_bytes_map_like_the_file(case_path: Path):
    """A manual upload hands the engine bytes and a file name; the result must not differ."""
    case = load(case_path)
    path = HERE / "files" / case["file"]
    from_bytes = map_file(path.read_bytes(), file_name=path.name, config=case.get("config"))
    assert_budgets(from_bytes, case)
    from_path = map_file(path, config=case.get("config"))
    assert [r.as_dict() for r in from_bytes.rejected] == [r.as_dict() for r in from_path.rejected]
    assert from_bytes.sheet == from_path.sheet
