"""Mapping real workbooks: sheet choice, date header cells, error cells with row numbers, XLS and ODS."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from budget_sync.errors import FileReadError
from budget_sync.mapping import map_export, map_file
from budget_sync.sources.raw_export import RawExport
from budget_sync_tests.files.writers import write_ods, write_xls, write_xlsx

WIDE = [
    ["Globex FY2025 budget"],
    [],
    ["Department", "Category", datetime(2025, 1, 1), datetime(2025, 2, 1), "Total"],
    ["Sales", "Travel", 1000.1, 0.1 + 0.2, 1000.4],
    [None, "Meals", 50, None, 50],
    ["Total Sales", None, 1050.1, 0.3, 1050.4],
]
EXPECTED = [
    ("Sales", "Travel", "2025-01", Decimal("1000.10")),
    ("Sales", "Travel", "2025-02", Decimal("0.30")),
    ("Sales", "Meals", "2025-01", Decimal("50.00")),
]


def keys(result):
    return [(b.department, b.sub_category, b.fiscal_period, b.budgeted_amount) for b in result.budgets]


@pytest.mark.parametrize("writer,suffix", [(write_xlsx, "xlsx"), (write_xls, "xls"), (write_ods, "ods")])
def test_wide_workbook_with_date_headers(tmp_path, writer, suffix):
    path = writer(tmp_path / f"globex.{suffix}", {"Budget": WIDE})
    result = map_file(path)
    assert keys(result) == EXPECTED
    assert all(t["difference"] == "0.00" for t in result.control_totals), result.control_totals
    assert result.budgets[0].source_ref == f"globex.{suffix}:Budget!C4"


def test_sheet_holding_the_budget_table_is_chosen_and_named(tmp_path):
    sheets = {
        "Instructions": [["Fill in the budget tab"], ["Owner: FP&A"]],
        "Summary": [["Department", "FY2025"], ["Sales", 1050.4]],
        "Budget": WIDE,
        "Lists": [["Department"], ["Sales"], ["Ops"]],
    }
    path = write_xlsx(tmp_path / "many.xlsx", sheets, hidden=("Lists",))
    result = map_file(path)
    assert result.sheet == "Budget"
    assert any("chosen" in note and "'Budget'" in note for note in result.mapping["notes"])
    assert map_file(path, config={"sheet": "Summary"}).sheet == "Summary"
    with pytest.raises(FileReadError, match="no sheet named 'Nope'"):
        map_file(path, config={"sheet": "Nope"})


def test_xlsx_error_cells_are_rejections_with_row_numbers(tmp_path):
    rows = [
        ["Department", "Period", "Budget"],
        ["Sales", "FY25", "#REF!"],
        ["Ops", "FY25", 10],
        ["IT", "FY25", "#N/A"],
    ]
    result = map_file(write_xlsx(tmp_path / "e.xlsx", {"Budget": rows}))
    assert keys(result) == [("Ops", None, "FY2025", Decimal("10.00"))]
    assert [(r.row, "#REF!" in r.reason or "#N/A" in r.reason) for r in result.rejected] == [
        (2, True),
        (4, True),
    ]


def test_long_layout_with_real_date_cells(tmp_path):
    rows = [
        ["Cost Center", "Month", "Amount"],
        ["R&D", date(2025, 3, 1), 12.5],
        ["R&D", datetime(2025, 4, 30), 7],
    ]
    result = map_file(write_xlsx(tmp_path / "d.xlsx", {"Data": rows}))
    assert [b.fiscal_period for b in result.budgets] == ["2025-03", "2025-04"]


def test_map_export_of_bytes_and_cells(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"Other": [["a"]], "Budget": WIDE})
    raw = RawExport.from_bytes("acme", "s3", "x.xlsx", "s3://b/x.xlsx", path.read_bytes(), sheet="Budget")
    assert keys(map_export(raw)) == EXPECTED
    cells = [["Department", "Period", "Budget"], ["Sales", "Q1 2025", "$1,000.00"]]
    raw = RawExport.from_cells("acme", "google_sheets", "FY25 sheet", "gsheets://abc", cells, sheet="Budget")
    result = map_export(raw, config={"default_currency": "EUR"})
    assert [(b.fiscal_period, b.budgeted_amount, b.currency) for b in result.budgets] == [
        ("FY2025-Q1", Decimal("1000.00"), "USD")
    ]
    assert result.sheet == "Budget"


def test_google_sheets_ragged_rows_and_formatted_strings():
    from budget_sync.mapping import map_rows

    cells = [
        ["Budget FY2025"],
        [],
        ["Team", "Q1", "Q2", "Q3", "Q4"],
        ["Platform", "$1,000", "$1,000"],
        ["Growth", "", "", "(250)", "1.5K"],
    ]
    result = map_rows(cells, file_name="gsheet")
    assert [(b.department, b.fiscal_period, b.budgeted_amount) for b in result.budgets] == [
        ("Platform", "FY2025-Q1", Decimal("1000.00")),
        ("Platform", "FY2025-Q2", Decimal("1000.00")),
        ("Growth", "FY2025-Q3", Decimal("-250.00")),
        ("Growth", "FY2025-Q4", Decimal("1500.00")),
    ]


def test_actuals_sheet_is_not_chosen_even_when_larger(tmp_path):
    actuals = [["Department", "Period", "Amount"]] + [["Sales", "Jan-25", i] for i in range(20)]
    budget = [["Department", "Period", "Budget"], ["Sales", "Jan-25", 100]]
    path = write_xlsx(tmp_path / "mixed.xlsx", {"Actuals": actuals, "FY25": budget})
    result = map_file(path)
    assert result.sheet == "FY25"
    assert [b.budgeted_amount for b in result.budgets] == [Decimal("100.00")]
