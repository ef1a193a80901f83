"""Exports whose fiscal year does not start in January, and header cells with line breaks."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment

from budget_sync_tests.corpus.writers import save_book, write_case, write_text

APRIL_FIRST = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
CALENDAR = [f"2024-{m:02d}" for m in range(4, 13)] + [f"2025-{m:02d}" for m in range(1, 4)]


def april_fiscal_year() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws["A1"] = "FY2025 Budget (April 2024 - March 2025)"
    ws.append([])
    ws.append(["Department", *APRIL_FIRST])  # row 3
    data = {
        "Tokyo Sales": [900000] * 12,
        "Osaka Support": [400000, 400000, 400000, 420000, 420000, 420000, 450000, 450000, 450000, 0, 0, 0],
    }
    for dept, values in data.items():
        ws.append([dept, *values])
    save_book(wb, "april_fiscal_year.xlsx")
    budgets = [(d, None, CALENDAR[i], f"{v}.00", "JPY") for d, vs in data.items() for i, v in enumerate(vs)]
    write_case(
        "april_fiscal_year",
        "april_fiscal_year.xlsx",
        budgets,
        config={"fiscal_year_start_month": 4, "default_currency": "JPY"},
        sheet="Budget",
        note="Fiscal year April-March: under 'FY2025' the Apr..Dec columns are 2024 months, Jan..Mar 2025.",
    )


def posting_periods_april() -> None:
    rows = [
        ["Cost Center", "GL Account", "Period", "Amount", "Currency"],
        ["4100 Retail", "6100 Travel", "P01 FY2025", "3000.00", "GBP"],
        ["4100 Retail", "6100 Travel", "P09 FY2025", "3300.00", "GBP"],
        ["4100 Retail", "6100 Travel", "P10 FY2025", "2700.00", "GBP"],
        ["4100 Retail", "6100 Travel", "P12 FY2025", "2500.00", "GBP"],
    ]
    write_text("posting_periods_april.csv", rows)
    write_case(
        "posting_periods_april",
        "posting_periods_april.csv",
        [
            ("4100 Retail", "6100 Travel", "2024-04", "3000.00", "GBP"),
            ("4100 Retail", "6100 Travel", "2024-12", "3300.00", "GBP"),
            ("4100 Retail", "6100 Travel", "2025-01", "2700.00", "GBP"),
            ("4100 Retail", "6100 Travel", "2025-03", "2500.00", "GBP"),
        ],
        config={"fiscal_year_start_month": 4},
        note="Posting periods of an April-March fiscal year: P01 FY2025 is April 2024, P12 is March 2025.",
    )


def header_line_breaks() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws.append(["Cost\nCentre", "Expense\nType", "FY2025\nBudget ($)"])
    for cell in ws[1]:
        cell.alignment = Alignment(wrap_text=True)
    ws.append(["Warehouse North", "Pallets", "1,200.00"])
    ws.append(["Warehouse North", "Shrink Wrap", 845.5])
    ws.append(["Warehouse South", "Pallets", "2,050.00"])
    save_book(wb, "header_line_breaks.xlsx")
    write_case(
        "header_line_breaks",
        "header_line_breaks.xlsx",
        [
            ("Warehouse North", "Pallets", "FY2025", "1200.00", "USD"),
            ("Warehouse North", "Shrink Wrap", "FY2025", "845.50", "USD"),
            ("Warehouse South", "Pallets", "FY2025", "2050.00", "USD"),
        ],
        sheet="Budget",
        note="Wrapped header cells with line breaks; some amounts are numbers stored as text.",
    )
