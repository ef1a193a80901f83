"""Finding the table: title blocks, blank rows and columns, repeated headers, junk, forward-fill, outlines."""

from __future__ import annotations

from decimal import Decimal

from budget_sync.mapping import map_rows


def keys(result):
    return [
        (b.department, b.sub_category, b.fiscal_period, b.budgeted_amount, b.currency) for b in result.budgets
    ]


def test_plain_long_format():
    result = map_rows(
        [
            ["Department", "Sub-Category", "Period", "Amount", "Currency"],
            ["Marketing", "Travel", "2025-01", "1,200.50", "USD"],
            ["Sales", "", "Q1 2025", "3000", "EUR"],
        ]
    )
    assert keys(result) == [
        ("Marketing", "Travel", "2025-01", Decimal("1200.50"), "USD"),
        ("Sales", None, "FY2025-Q1", Decimal("3000.00"), "EUR"),
    ]
    assert result.rejected == [] and result.skipped == []
    roles = {c["header"]: c["role"] for c in result.mapping["columns"]}
    assert roles == {
        "Department": "department",
        "Sub-Category": "sub_category",
        "Period": "fiscal_period",
        "Amount": "budgeted_amount",
        "Currency": "currency",
    }


def test_title_block_blank_rows_and_columns_and_trailing_notes():
    rows = [
        ["Acme Corp"],
        ["Operating budget, approved 2024-11-03"],
        [],
        ["Department", None, "Period", "Budget"],
        ["Sales", None, "Jan-25", 100],
        [],
        ["Ops", None, "Jan-25", 200],
        [],
        ["Notes: figures exclude payroll"],
        ["Prepared by Finance"],
    ]
    result = map_rows(rows)
    assert keys(result) == [
        ("Sales", None, "2025-01", Decimal("100.00"), "USD"),
        ("Ops", None, "2025-01", Decimal("200.00"), "USD"),
    ]
    assert result.mapping["header_row"] == 4
    skipped = {r.row: r.reason for r in result.skipped}
    assert skipped[6] == "blank row"
    assert 9 in skipped and 10 in skipped
    assert result.rejected == []


def test_repeated_header_rows_of_concatenated_exports():
    header = ["Team", "Month", "Plan"]
    rows = [header, ["A", "Jan-25", 1], ["B", "Jan-25", 2], header, ["C", "Feb-25", 3]]
    result = map_rows(rows)
    assert [b.department for b in result.budgets] == ["A", "B", "C"]
    assert [r.as_dict() for r in result.skipped] == [{"row": 4, "reason": "repeated header row"}]


def test_merged_department_cells_are_filled_down():
    rows = [
        ["Department", "Account", "FY2025 Budget"],
        ["Sales", "Travel", 10],
        [None, "Meals", 20],
        ["Ops", "Rent", 30],
        ["", "Power", 40],
    ]
    result = map_rows(rows)
    assert keys(result) == [
        ("Sales", "Travel", "FY2025", Decimal("10.00"), "USD"),
        ("Sales", "Meals", "FY2025", Decimal("20.00"), "USD"),
        ("Ops", "Rent", "FY2025", Decimal("30.00"), "USD"),
        ("Ops", "Power", "FY2025", Decimal("40.00"), "USD"),
    ]


def test_outline_layout_with_group_headings_and_subtotals():
    rows = [
        ["FY2025 Budget"],
        ["Line item", "Q1", "Q2"],
        ["Marketing", None, None],
        ["Events", 10, 20],
        ["Ads", 5, 5],
        ["Total Marketing", 15, 25],
        ["Engineering", None, None],
        ["Cloud", 100, 100],
        ["Total Engineering", 100, 100],
        ["Grand Total", 115, 125],
    ]
    result = map_rows(rows)
    assert keys(result) == [
        ("Marketing", "Events", "FY2025-Q1", Decimal("10.00"), "USD"),
        ("Marketing", "Events", "FY2025-Q2", Decimal("20.00"), "USD"),
        ("Marketing", "Ads", "FY2025-Q1", Decimal("5.00"), "USD"),
        ("Marketing", "Ads", "FY2025-Q2", Decimal("5.00"), "USD"),
        ("Engineering", "Cloud", "FY2025-Q1", Decimal("100.00"), "USD"),
        ("Engineering", "Cloud", "FY2025-Q2", Decimal("100.00"), "USD"),
    ]
    assert result.mapping["layout"] == "outline"
    assert [t["difference"] for t in result.control_totals] == ["0.00", "0.00", "0.00"]
    assert {r.row for r in result.skipped} == {1, 3, 6, 7, 9, 10}


def test_department_named_total_something_is_a_budget_line():
    rows = [["Department", "FY25"], ["Total Rewards", 100], ["Sales", 50], ["Total", 150]]
    result = map_rows(rows)
    assert [b.department for b in result.budgets] == ["Total Rewards", "Sales"]
    assert result.control_totals == [
        {"label": "row 4: Total", "expected": "150.00", "actual": "150.00", "difference": "0.00"}
    ]


def test_wide_months_with_total_column_and_grand_total_row_reconcile():
    rows = [
        ["Department", "Jan 2025", "Feb 2025", "Mar 2025", "Total"],
        ["Sales", 1, 2, 3, 6],
        ["Ops", 4, 5, 6, 16],
        ["Grand Total", 5, 7, 9, 22],
    ]
    result = map_rows(rows)
    assert len(result.budgets) == 6
    assert {b.fiscal_period for b in result.budgets} == {"2025-01", "2025-02", "2025-03"}
    by_label = {t["label"]: t for t in result.control_totals}
    assert by_label["row 4: Grand Total"]["difference"] == "0.00"
    assert by_label["column 'Total'"] == {
        "label": "column 'Total'",
        "expected": "22.00",
        "actual": "21.00",
        "difference": "-1.00",
    }
    assert by_label["row 3: column 'Total'"]["expected"] == "16.00"


def test_quarter_columns_after_months_are_totals():
    rows = [["Dept", "Jan-25", "Feb-25", "Mar-25", "Q1-25", "Apr-25"], ["Sales", 1, 1, 1, 3, 2]]
    result = map_rows(rows)
    assert [b.fiscal_period for b in result.budgets] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    q1 = next(c for c in result.mapping["columns"] if c["header"] == "Q1-25")
    assert q1["role"] == "total"


def test_months_without_year_take_it_from_the_title():
    rows = [["Budget for fiscal year 2026"], ["Cost Center", "Jan", "Feb"], ["R&D", "1.000,50", "2.000"]]
    result = map_rows(rows)
    assert keys(result) == [
        ("R&D", None, "2026-01", Decimal("1000.50"), "USD"),
        ("R&D", None, "2026-02", Decimal("2000.00"), "USD"),
    ]


def test_years_over_months_in_the_row_above():
    rows = [
        [None, "FY2025", None, "FY2026", None],
        ["Team", "Q1", "Q2", "Q1", "Q2"],
        ["Data", 1, 2, 3, 4],
    ]
    result = map_rows(rows)
    assert [b.fiscal_period for b in result.budgets] == ["FY2025-Q1", "FY2025-Q2", "FY2026-Q1", "FY2026-Q2"]


def test_year_and_month_columns():
    rows = [["Dept", "Year", "Month", "Budget"], ["IT", 2025, 3, 10], ["IT", "2025", "Apr", 11]]
    assert [b.fiscal_period for b in map_rows(rows).budgets] == ["2025-03", "2025-04"]


def test_amount_header_gives_the_period_and_scale_and_currency():
    rows = [["Department", "FY2026 Budget (EUR k)"], ["Legal", "1,5"], ["HR", 2]]
    result = map_rows(rows)
    assert keys(result) == [
        ("Legal", None, "FY2026", Decimal("1500.00"), "EUR"),
        ("HR", None, "FY2026", Decimal("2000.00"), "EUR"),
    ]


def test_symbol_decides_currency_without_currency_column():
    rows = [
        ["Department", "Period", "Budget"],
        ["UK", "FY25", "£1,000"],
        ["JP", "FY25", "¥500"],
        ["US", "FY25", "7"],
    ]
    assert [b.currency for b in map_rows(rows).budgets] == ["GBP", "JPY", "USD"]
    assert [b.currency for b in map_rows(rows, config={"default_currency": "CAD"}).budgets] == [
        "GBP",
        "JPY",
        "CAD",
    ]


def test_error_cells_blank_cells_and_dashes():
    rows = [
        ["Department", "Jan-25", "Feb-25", "Mar-25"],
        ["Sales", "#REF!", "", "-"],
        ["Ops", "(1,000)", "#N/A", "abc"],
    ]
    result = map_rows(rows)
    assert keys(result) == [
        ("Sales", None, "2025-03", Decimal("0.00"), "USD"),
        ("Ops", None, "2025-01", Decimal("-1000.00"), "USD"),
    ]
    reasons = [(r.row, r.reason) for r in result.rejected]
    assert [row for row, _ in reasons] == [2, 3, 3]
    assert "#REF!" in reasons[0][1] and "B2" in reasons[0][1]
    assert "#N/A" in reasons[1][1]
    assert "'abc' is not a number" in reasons[2][1]


def test_row_without_department_is_rejected_not_dropped():
    rows = [["Department", "Period", "Budget"], [None, "FY25", 100], ["Ops", "FY25", 5]]
    result = map_rows(rows)
    assert [b.department for b in result.budgets] == ["Ops"]
    assert result.rejected[0].row == 2 and "department" in result.rejected[0].reason


def test_bad_period_in_long_layout_is_rejected():
    rows = [["Department", "Period", "Budget"], ["Ops", "someday", 100], ["Ops", "FY25", 5]]
    result = map_rows(rows)
    assert len(result.budgets) == 1
    assert result.rejected[0].row == 2 and "someday" in result.rejected[0].reason


def test_foreign_headers_and_thousands_dots_in_a_semicolon_csv():
    from budget_sync.mapping import map_file

    data = "Abteilung;Monat;Betrag;Währung\nVertrieb;Jan-25;1.234;EUR\nEinkauf;Feb-25;12.500;EUR\n".encode(
        "cp1252"
    )
    result = map_file(data, file_name="budget.csv")
    assert keys(result) == [
        ("Vertrieb", None, "2025-01", Decimal("1234.00"), "EUR"),
        ("Einkauf", None, "2025-02", Decimal("12500.00"), "EUR"),
    ]


def test_dots_with_other_decimals_stay_decimal_points():
    rows = [
        ["Department", "Period", "Budget"],
        ["A", "FY25", "1.234"],
        ["B", "FY25", "2.5"],
        ["C", "FY25", "3.25"],
    ]
    assert [b.budgeted_amount for b in map_rows(rows).budgets] == [
        Decimal("1.234"),
        Decimal("2.50"),
        Decimal("3.25"),
    ]


def test_currency_row_under_the_header_sets_the_columns_currency():
    rows = [["Department", "Jan-25", "Feb-25"], ["", "EUR", "EUR"], ["Sales", 1, 2]]
    result = map_rows(rows)
    assert [(b.fiscal_period, b.currency) for b in result.budgets] == [("2025-01", "EUR"), ("2025-02", "EUR")]
    assert result.rejected == [] and [r.row for r in result.skipped] == [2]


def test_plain_department_header_wins_over_looser_synonyms():
    rows = [["Division", "Department", "Account", "FY2025 Budget"], ["EMEA", "Sales", "Travel", 1]]
    result = map_rows(rows)
    assert [(b.department, b.sub_category) for b in result.budgets] == [("Sales", "Travel")]


def test_plural_and_vendor_headers():
    rows = [
        ["Versions", "Cost Centers", "Line Items", "Time", "Value"],
        ["Budget", "Sales", "Travel", "Jan 25", "1200"],
    ]
    result = map_rows(rows)
    assert keys(result) == [("Sales", "Travel", "2025-01", Decimal("1200.00"), "USD")]


def test_actual_band_over_period_columns_is_not_budget():
    rows = [
        ["", "Budget", "", "Actual", ""],
        ["Department", "Jan-25", "Feb-25", "Jan-25", "Feb-25"],
        ["Sales", 1, 2, 9, 9],
    ]
    result = map_rows(rows)
    assert keys(result) == [
        ("Sales", None, "2025-01", Decimal("1.00"), "USD"),
        ("Sales", None, "2025-02", Decimal("2.00"), "USD"),
    ]


def test_indented_line_items_under_unindented_departments():
    rows = [
        ["FY2025 plan"],
        ["", "Budget"],
        ["Marketing", None],
        ["  Events", 10],
        ["  Ads", 5],
        ["Sales"],
        ["  Travel", 3],
    ]
    result = map_rows(rows)
    assert keys(result) == [
        ("Marketing", "Events", "FY2025", Decimal("10.00"), "USD"),
        ("Marketing", "Ads", "FY2025", Decimal("5.00"), "USD"),
        ("Sales", "Travel", "FY2025", Decimal("3.00"), "USD"),
    ]
    assert result.mapping["header_row"] == 2


def test_repeated_keys_are_kept_and_noted():
    rows = [
        ["Department", "Account", "Period", "Budget"],
        ["Sales", "Travel", "FY25", 1],
        ["Sales", "Travel", "FY25", 2],
    ]
    result = map_rows(rows)
    assert [b.budgeted_amount for b in result.budgets] == [Decimal("1.00"), Decimal("2.00")]
    assert (
        "rows 2 and 3 have the same department 'Sales', sub-category 'Travel', period FY2025 with different "
        "amounts: refused, none of them is imported" in result.mapping["notes"]
    )


def test_unheaded_text_column_beside_the_department_is_the_sub_category():
    from budget_sync.mapping import map_file

    data = b"sep=;\nDepartment;;Jan-25;Feb-25\nSales;Travel;1,5;2\nSales;Meals;3;4\n"
    result = map_file(data, file_name="export.csv")
    assert keys(result)[:2] == [
        ("Sales", "Travel", "2025-01", Decimal("1.50"), "USD"),
        ("Sales", "Travel", "2025-02", Decimal("2.00"), "USD"),
    ]
    assert result.mapping["header_row"] == 2


def test_department_named_once_in_the_title_block():
    rows = [
        ["Cost Centre:", "Marketing"],
        ["Fiscal Year:", "2026"],
        [],
        ["Expense", "Q1", "Q2", "Total"],
        ["Travel", 1, 1, 2],
        ["Events", 2, 2, 4],
        ["Total", 3, 3, 6],
    ]
    result = map_rows(rows)
    assert {(b.department, b.sub_category) for b in result.budgets} == {
        ("Marketing", "Travel"),
        ("Marketing", "Events"),
    }
    assert {b.fiscal_period for b in result.budgets} == {"FY2026-Q1", "FY2026-Q2"}
    assert result.mapping["department"] == "Marketing"
    assert all(t["difference"] == "0.00" for t in result.control_totals) and result.control_totals


def test_year_in_the_file_name_gives_the_period_and_says_so():
    from budget_sync.mapping import map_file

    result = map_file(b"Department,Budget\nSales,10\n", file_name="budget_2026.csv")
    assert [b.fiscal_period for b in result.budgets] == ["FY2026"]
    assert any("budget_2026.csv" in note for note in result.mapping["notes"])
    assert result.mapping["confidence"] == 0.8


def test_currency_in_the_title_beats_the_configured_default():
    rows = [
        ["All amounts in EUR"],
        ["Department", "Period", "Budget"],
        ["Sales", "FY25", 10],
        ["Ops", "FY25", "$5"],
    ]
    result = map_rows(rows, config={"default_currency": "USD"})
    assert [b.currency for b in result.budgets] == ["EUR", "USD"]


def test_merged_department_and_sub_category_over_several_periods():
    rows = [
        ["Department", "Account", "Month", "Budget"],
        ["Sales", "Travel", "Jan-25", 1],
        [None, None, "Feb-25", 2],
        [None, "Meals", "Jan-25", 3],
        ["Ops", None, "Jan-25", 4],
    ]
    result = map_rows(rows)
    assert [(b.department, b.sub_category, b.fiscal_period) for b in result.budgets] == [
        ("Sales", "Travel", "2025-01"),
        ("Sales", "Travel", "2025-02"),
        ("Sales", "Meals", "2025-01"),
        ("Ops", None, "2025-01"),
    ]


def test_parameter_block_gives_period_and_currency_and_is_not_the_header():
    rows = [["Period:", "Q1 2025"], ["Currency:", "EUR"], [], ["Dept", "Amount"], ["Sales", 5]]
    result = map_rows(rows)
    assert keys(result) == [("Sales", None, "FY2025-Q1", Decimal("5.00"), "EUR")]
    assert result.mapping["header_row"] == 4
