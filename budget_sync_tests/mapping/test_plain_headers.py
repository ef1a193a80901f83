"""Plain headers map when the values make the roles plain, never on the header alone (issue 8, pattern 2)."""

from __future__ import annotations

import pytest

from budget_sync.errors import MappingError
from budget_sync.mapping import map_rows

NAMES = ["Harbour", "Buses", "Lighting"]


def roles(result) -> dict[str, str | None]:
    return {c["header"]: c["role"] for c in result.mapping["columns"] if c["header"]}


def test_a_name_column_of_text_is_the_department():
    rows = [["Name", "Year", "DataValue"]] + [[n, "2026", str(100 + i)] for i, n in enumerate(NAMES)]
    result = map_rows(rows)
    assert roles(result) == {"Name": "department", "Year": "year", "DataValue": "budgeted_amount"}
    assert [(b.department, b.fiscal_period, str(b.budgeted_amount)) for b in result.budgets][0] == (
        "Harbour",
        "FY2026",
        "100.00",
    )


def test_a_department_header_beats_name_which_becomes_the_sub_category():
    rows = [["Agency", "Name", "Fiscal Year", "Value"]] + [[n, "Salaries", "2026", "5"] for n in NAMES]
    result = map_rows(rows)
    assert roles(result)["Agency"] == "department" and roles(result)["Name"] == "sub_category"


def test_name_beside_another_unnamed_text_column_is_refused():
    rows = [["Program", "Name", "Year", "Value"]] + [[n, "Salaries", "2026", "5"] for n in NAMES]
    with pytest.raises(MappingError, match="department only 0.50 sure"):
        map_rows(rows)


def test_a_name_column_of_numbers_or_a_value_column_of_words_maps_nothing():
    codes = [["Name", "Year", "Value"]] + [[str(i), "2026", "5"] for i in range(1, 5)]
    with pytest.raises(MappingError, match="no department column"):
        map_rows(codes)
    words = [["Name", "Year", "Value"]] + [[n, "2026", "high"] for n in NAMES]
    with pytest.raises(MappingError, match="no budgeted amount column"):
        map_rows(words)


@pytest.mark.parametrize(
    ("header", "year", "amount"),
    [("Departamento", "Año", "Importe"), ("Departamento", "Periodo", "Monto aprobado"),
     ("Abteilung", "Jahr", "Betrag"), ("Department", "Fiscal Year Range", "total")],
)  # fmt: skip
def test_foreign_and_plain_headers_over_years_and_money(header, year, amount):
    rows = [[header, year, amount]] + [[n, "2025", "1200"] for n in NAMES]
    result = map_rows(rows)
    assert [b.fiscal_period for b in result.budgets] == ["FY2025"] * 3
    assert roles(result)[amount] == "budgeted_amount"


def test_a_fiscal_year_range_column():
    rows = [
        ["Department", "Fiscal Year Range", "Amount"],
        ["Parks", "2024-25", "10"],
        ["Fire", "2024-25", "20"],
    ]
    assert {b.fiscal_period for b in map_rows(rows).budgets} == {"FY2025"}


def test_a_vendor_column_is_never_the_department():
    rows = [["Item", "Cost", "Vendor"], ["Camera", "48", "Hardware Hut"], ["Cable", "4", "Hardware Hut"]]
    result = map_rows(rows, config={"default_period": "FY2025"})
    assert roles(result)["Vendor"] == "ignored"
    assert not result.budgets
    assert {r.reason for r in result.rejected} == {"no department in this row or above it"}


def test_a_category_column_grouping_the_line_items_is_their_department():
    rows = [["cost_item", "cost_type", "total"], ["Ranger", "personnel", "100"], ["Driver", "personnel", "80"],
            ["Fuel", "supplies", "30"], ["Nets", "supplies", "10"]]  # fmt: skip
    result = map_rows(rows, config={"default_period": "FY2025"})
    assert [(b.department, b.sub_category) for b in result.budgets][:2] == [
        ("personnel", "Ranger"),
        ("personnel", "Driver"),
    ]


def test_two_category_columns_that_do_not_group_are_refused():
    rows = [["cost_item", "cost_type", "total"], ["Ranger", "salary", "100"], ["Driver", "wage", "80"],
            ["Fuel", "fuel", "30"]]  # fmt: skip
    with pytest.raises(MappingError, match="department only 0.50 sure"):
        map_rows(rows, config={"default_period": "FY2025"})


def test_a_heading_above_the_first_header_needs_the_stacked_pattern():
    lone = [["Gate project"], ["Item", "Cost"], ["Camera", 48], ["Cable", 4]]
    result = map_rows(lone, config={"default_period": "FY2025"})
    assert not result.budgets and len(result.rejected) == 2
    stacked = lone + [[], ["Back gate"], ["Item", "Cost"], ["Lock", 30]]
    result = map_rows(stacked, config={"default_period": "FY2025"})
    assert [(b.department, b.sub_category) for b in result.budgets] == [
        ("Gate project", "Camera"),
        ("Gate project", "Cable"),
        ("Back gate", "Lock"),
    ]
