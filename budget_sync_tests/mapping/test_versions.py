"""Versions written as row labels or section headings (issue 8, pattern 4): keep the budget or refuse."""

from __future__ import annotations

import pytest

from budget_sync.errors import MappingError
from budget_sync.mapping import map_rows
from budget_sync.mapping.versions import version_label


def _report(first: str, second: str, third: str = "VARIANCE") -> list[list]:
    rows: list[list] = [["FY2025 report"], ["Department", "Amount"]]
    for dept, base in (("Parks", 100), ("Library", 200)):
        rows += [[dept, ""], [first, base], [second, base + 10], [third, 10], ["", ""]]
    return rows


def test_the_one_budget_label_is_kept_with_the_department_and_year_it_names():
    result = map_rows(_report("FY25 ACTUAL", "FY26 PROPOSED"), file_name="report.xlsx")
    got = {(b.department, b.fiscal_period, str(b.budgeted_amount)) for b in result.budgets}
    assert got == {("Parks", "FY2026", "110.00"), ("Library", "FY2026", "210.00")}
    reasons = " ".join(r.reason for r in result.skipped)
    assert "version row 'FY25 ACTUAL': not the budget" in reasons
    assert "version row 'VARIANCE'" in reasons


def test_versions_without_a_budget_are_refused():
    with pytest.raises(MappingError, match="report.xlsx.*'FY25 ACTUAL'.*none is a budget"):
        map_rows(_report("FY25 ACTUAL", "FY26 ESTIMATE"), file_name="report.xlsx")


def test_two_budget_versions_are_refused():
    with pytest.raises(MappingError, match="more than one is a budget"):
        map_rows(_report("FY25 ADOPTED", "FY26 PROPOSED", "FY25 ACTUAL"), file_name="report.xlsx")


def test_rows_below_an_actuals_heading_are_left_out():
    rows = [
        ["Department", "Period", "Budget"],
        ["Sales", "2025-01", "100"],
        ["FY2025 Actual", "", ""],
        ["Sales", "2025-01", "93.50"],
        ["Plan", "", ""],
        ["Ops", "2025-01", "40"],
    ]
    result = map_rows(rows, file_name="stacked.csv")
    assert [(b.department, str(b.budgeted_amount)) for b in result.budgets] == [
        ("Sales", "100.00"),
        ("Ops", "40.00"),
    ]
    assert any(r.row == 4 and "below the heading 'FY2025 Actual'" in r.reason for r in result.skipped)


@pytest.mark.parametrize(
    ("text", "budget", "year"),
    [
        ("FY16 EST OBLIG", False, 2016),
        ("FY17 REQUEST", True, 2017),
        ("INCREASE/(DECREASE)", False, None),
        ("Actual", False, None),
        ("Estimated", False, None),
        ("Proposed", True, None),
        ("FY 2025-26 Proposed", True, 2026),
        ("Actuals 2024", False, 2024),
    ],
)
def test_version_labels(text, budget, year):
    label = version_label(text)
    assert label is not None and (label.budget, label.year) == (budget, year)


@pytest.mark.parametrize("text", ["Marketing", "Budget Office Staff", "Total", "OIT", "Planning"])
def test_departments_are_not_version_labels(text):
    assert version_label(text) is None


def test_year_headers_naming_versions_take_the_proposed_year_only():
    rows = [["Department", "2023 Actual", "2024 Estimate", "2025 Proposed"], ["Parks", "90", "95", "100"]]
    result = map_rows(rows, file_name="city.csv")
    assert [(b.department, b.fiscal_period, str(b.budgeted_amount)) for b in result.budgets] == [
        ("Parks", "FY2025", "100.00")
    ]
