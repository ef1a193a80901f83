"""Code and quantity columns are keys or measures, never department names or amounts (issue 8, pattern 1)."""

from __future__ import annotations

import pytest

from budget_sync.errors import MappingError
from budget_sync.mapping import map_rows


def test_numeric_department_codes_alone_are_refused_not_imported_as_names():
    rows = [
        ["Dept", "Period", "Amount"],
        [100, "2025-01", 2500],
        [100, "2025-02", 2500],
        [200, "2025-01", 900],
    ]
    with pytest.raises(MappingError, match="no department column"):
        map_rows(rows, file_name="codes.xlsx")
    named = map_rows(rows, file_name="codes.xlsx", config={"department": "Dept"})
    assert [b.department for b in named.budgets] == ["100", "100", "200"]


def test_a_title_column_beats_the_code_column_beside_it():
    rows = [
        ["Dept", "Department_Title", "Year", "Budget"],
        ["1", "City Council", "2025", "758186"],
        ["1", "City Council", "2024", "700000"],
        ["2", "Mayor's Office", "2025", "1200"],
    ]
    result = map_rows(rows, file_name="titles.csv")
    assert {b.department for b in result.budgets} == {"City Council", "Mayor's Office"}


def test_measures_with_no_department_are_refused():
    rows = [
        ["month", "quarter", "revenue_budget", "units_budget"],
        ["2025-01-01", "Q1", "36432.92", "2492.0"],
        ["2025-02-01", "Q1", "37064.94", "2660.0"],
        ["2025-03-01", "Q1", "38317.71", "2770.0"],
    ]
    with pytest.raises(MappingError, match="no department column"):
        map_rows(rows, file_name="measures.csv")


def test_group_rows_equal_to_the_rows_above_are_control_totals_not_budgets():
    rows = [
        ["department", "total"],
        ["Fire", "41000"],
        ["Police", "72500"],
        ["Safety", "113500"],
        ["Parks", "9000"],
    ]
    result = map_rows(rows, file_name="goals.csv", config={"default_period": "FY2025"})
    assert [(b.department, str(b.budgeted_amount)) for b in result.budgets] == [
        ("Fire", "41000.00"),
        ("Police", "72500.00"),
        ("Parks", "9000.00"),
    ]
    assert any(s.row == 4 and "sum of the 2 rows above" in s.reason for s in result.skipped)
    assert [(t["expected"], t["difference"]) for t in result.control_totals] == [("113500.00", "0.00")]
