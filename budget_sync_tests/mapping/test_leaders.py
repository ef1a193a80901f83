"""Dotted leaders of printed reports are layout, never part of a name or a reason to miss an amount."""

from __future__ import annotations

from decimal import Decimal

from budget_sync.mapping import map_rows
from budget_sync.mapping.leaders import split_leader_cells, strip_leaders


def lines(result) -> list[tuple]:
    return [(b.department, b.budgeted_amount) for b in result.budgets]


def test_labels_lose_their_leaders():
    assert strip_leaders("Salaries ..........") == "Salaries"
    assert strip_leaders("Travel . . . . . .") == "Travel"
    assert strip_leaders(".... Overtime") == "Overtime"
    assert strip_leaders("R&D") == "R&D"


def test_leader_cells_and_labels_in_a_report():
    rows = [["FY2025 budget"], ["Department", "", "Amount"], ["Salaries", "..........", "1,200"],
            ["Allowances ..........", "", "300"]]  # fmt: skip
    assert lines(map_rows(rows)) == [("Salaries", Decimal("1200.00")), ("Allowances", Decimal("300.00"))]


def test_label_leader_and_amount_in_one_cell_are_split_into_the_amount_column():
    rows = [["FY2025 budget"], ["Department", "Note", "Amount"], ["Rent", "", "900"],
            ["Salaries ........ 1,200"], ["Travel . . . . . . 50"]]  # fmt: skip
    assert lines(map_rows(rows)) == [
        ("Rent", Decimal("900.00")),
        ("Salaries", Decimal("1200.00")),
        ("Travel", Decimal("50.00")),
    ]


def test_a_lone_leader_cell_with_a_number_is_never_split():
    rows = [["Department", "Amount"], ["Grants ... 2025", ""], ["Parks", "10"]]
    assert split_leader_cells(rows) is rows
    result = map_rows(rows, config={"default_period": "FY2025"})
    assert lines(result) == [("Parks", Decimal("10.00"))]
