"""Group rows, breakdown rows and recap tables found by arithmetic are control totals (issue 8, pattern 3)."""

from __future__ import annotations

from budget_sync.mapping import map_rows

YEAR = {"default_period": "FY2025"}


def lines(result) -> list[tuple[str, str]]:
    return [(b.department, str(b.budgeted_amount)) for b in result.budgets]


def reasons(result) -> dict[int, str]:
    return {s.row: s.reason for s in result.skipped}


def test_parenthesised_breakdown_rows_after_a_total_are_left_out():
    rows = [["Department", "Year", "Amount"], ["Defense", "2025", "100"], ["Social Security", "2025", "60"],
            ["Outlays", "2025", "160"], ["(On-budget)", "2025", "100"], ["(Off-budget)", "2025", "60"]]  # fmt: skip
    result = map_rows(rows)
    assert lines(result) == [("Defense", "100.00"), ("Social Security", "60.00")]
    assert reasons(result)[5] == "breakdown row '(On-budget)': part of row 4"
    assert {"label": "row 4: Outlays (breakdown)", "expected": "160.00", "actual": "160.00",
            "difference": "0.00"} in result.control_totals  # fmt: skip


def test_parenthesised_rows_that_do_not_add_up_stay_budgets():
    rows = [["Department", "Amount"], ["Parks", "100"], ["(Reserve)", "30"]]
    assert lines(map_rows(rows, config=YEAR)) == [("Parks", "100.00"), ("(Reserve)", "30.00")]


def test_total_budget_authority_inside_a_long_layout():
    rows = [["Agency", "Year", "Amount"], ["Defense", "2025", "100"], ["Education", "2025", "50"],
            ["Total budget authority", "2025", "150"], ["Defense", "2026", "110"], ["Education", "2026", "55"],
            ["Total budget authority", "2026", "165"]]  # fmt: skip
    result = map_rows(rows)
    assert [b.department for b in result.budgets] == ["Defense", "Education"] * 2
    assert all(c["difference"] == "0.00" for c in result.control_totals) and len(result.control_totals) == 2


def test_group_rows_above_their_members():
    rows = [["Department", "Amount"], ["Public Safety", "113500"], ["Fire", "41000"], ["Police", "72500"],
            ["Community", "20000"], ["Arts", "5000"], ["Youth", "15000"]]  # fmt: skip
    result = map_rows(rows, config=YEAR)
    assert [d for d, _ in lines(result)] == ["Fire", "Police", "Arts", "Youth"]
    assert reasons(result)[2] == "group row 'Public Safety': its amount is the sum of the 2 rows below"


def test_a_flat_list_that_only_partly_adds_up_is_left_alone():
    rows = [["Department", "Amount"], ["Fire", "400"], ["Police", "100"], ["Parks", "300"], ["Water", "50"]]
    assert len(map_rows(rows, config=YEAR).budgets) == 4


def test_a_recap_table_below_the_main_one():
    rows = [["FY2025"], ["Department", "Amount"], ["Fire", "41000"], ["Police", "72500"], ["Parks", "9000"], [],
            ["Summary", ""], ["Public safety", "113500"], ["Recreation", "9000"]]  # fmt: skip
    result = map_rows(rows)
    assert [d for d, _ in lines(result)] == ["Fire", "Police", "Parks"]
    assert reasons(result)[8] == "recap row: the table below the main one repeats its total"
    assert result.control_totals[-1]["label"] == "rows 8-9: recap table"


def test_a_revenue_table_with_the_same_total_is_not_a_recap():
    rows = [["FY2025"], ["Department", "Amount"], ["Fire", "41000"], ["Police", "72500"], ["Parks", "9000"], [],
            ["Revenues", ""], ["Taxes", "113500"], ["Fees", "9000"]]  # fmt: skip
    assert len(map_rows(rows).budgets) == 5


def test_one_parenthesised_row_equal_to_the_row_above_stays_a_budget():
    rows = [["Department", "Amount"], ["Fire", "5000"], ["(Fire grant match)", "5000"]]
    assert len(map_rows(rows, config=YEAR).budgets) == 2
