"""Reports with more than budgets in them: actuals and variances, headcount, cover sheets."""

from __future__ import annotations

from openpyxl import Workbook

from budget_sync_tests.corpus.writers import save_book, write_case, write_text


def budget_vs_actual() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "BvA"
    ws.append(["Department", "Category", "FY2024 Actual", "FY2025 Budget", "Variance", "Var %"])
    lines = [
        ("Sales", "Travel", 38250.4, 42000, 3749.6, 0.098),
        ("Sales", "Software", 11800, 12500, 700, 0.059),
        ("Engineering", "Cloud Hosting", 402117.25, 450000, 47882.75, 0.119),
    ]
    for line in lines:
        ws.append(list(line))
        ws.cell(row=ws.max_row, column=6).number_format = "0.0%"
    save_book(wb, "budget_vs_actual.xlsx")
    write_case(
        "budget_vs_actual",
        "budget_vs_actual.xlsx",
        [(d, c, "FY2025", f"{b}.00", "USD") for d, c, _a, b, _v, _p in lines],
        sheet="BvA",
        note="Budget-vs-actual report: only the 'FY2025 Budget' column is a budget; actuals, variance and "
        "percent columns are not.",
    )


def headcount_column() -> None:
    rows = [
        ["Department", "Headcount", "FY2025 Budget", "% of Total"],
        ["Sales", "42", "5,880,000", "49.0%"],
        ["Engineering", "35", "5,250,000", "43.8%"],
        ["Finance", "6", "870,000", "7.2%"],
    ]
    write_text("headcount_column.csv", rows)
    write_case(
        "headcount_column",
        "headcount_column.csv",
        [
            ("Sales", None, "FY2025", "5880000.00", "USD"),
            ("Engineering", None, "FY2025", "5250000.00", "USD"),
            ("Finance", None, "FY2025", "870000.00", "USD"),
        ],
        note="Headcount and percent columns are numbers but not amounts.",
    )


def sheet_by_content() -> None:
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    for line in ["Contoso Ltd", "Annual plan submission", "Version 3 - approved", "Owner: FP&A"]:
        cover.append([line])
    data = wb.create_sheet("Data")
    data.append(["Cost Centre", "Account", "Period", "Amount"])
    lines = [("Logistics", "Fuel", "2025-01", 8800), ("Logistics", "Fuel", "2025-02", 9100)]
    for line in lines:
        data.append(list(line))
    notes = wb.create_sheet("Notes")
    notes.append(["Date", "Change"])
    notes.append(["2024-11-02", "Fuel increased by 3% after supplier review"])
    save_book(wb, "sheet_by_content.xlsx")
    write_case(
        "sheet_by_content",
        "sheet_by_content.xlsx",
        [(d, a, p, f"{v}.00", "USD") for d, a, p, v in lines],
        sheet="Data",
        note="Cover, Data and Notes sheets: nothing says 'budget' in a sheet name; the Data sheet holds it.",
    )


def comma_decimals() -> None:
    rows = [
        ["Department", "Account", "Period", "Amount", "Currency"],
        ["Lyon Plant", "Energy", "2025-01", "12500,50", "EUR"],
        ["Lyon Plant", "Energy", "2025-02", "980,5", "EUR"],
        ["Lyon Plant", "Maintenance", "2025-01", "4300", "EUR"],
        ["Lille Depot", "Rent", "2025-01", "7250,00", "EUR"],
    ]
    write_text("comma_decimals.csv", rows, sep=";")
    write_case(
        "comma_decimals",
        "comma_decimals.csv",
        [
            ("Lyon Plant", "Energy", "2025-01", "12500.50", "EUR"),
            ("Lyon Plant", "Energy", "2025-02", "980.50", "EUR"),
            ("Lyon Plant", "Maintenance", "2025-01", "4300.00", "EUR"),
            ("Lille Depot", "Rent", "2025-01", "7250.00", "EUR"),
        ],
        note="Semicolon file with decimal commas and no thousands separators ('980,5' is 980.50).",
    )


def iso_dates() -> None:
    rows = [
        ["department", "category", "period_start", "budget_amount", "currency_code"],
        ["Growth", "Paid Social", "2025-01-01", "15000.00", "USD"],
        ["Growth", "Paid Social", "2025-02-01", "15000.00", "USD"],
        ["Growth", "Paid Search", "2025-01-01", "22000.00", "USD"],
    ]
    write_text("iso_dates.csv", rows)
    write_case(
        "iso_dates",
        "iso_dates.csv",
        [
            ("Growth", "Paid Social", "2025-01", "15000.00", "USD"),
            ("Growth", "Paid Social", "2025-02", "15000.00", "USD"),
            ("Growth", "Paid Search", "2025-01", "22000.00", "USD"),
        ],
        note="Database dump: snake_case headers, month given by its first day '2025-01-01'.",
    )
