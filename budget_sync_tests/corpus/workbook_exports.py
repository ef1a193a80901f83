"""XLSX workbooks written with openpyxl, each next to the budgets a person reads off it."""

from __future__ import annotations

from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font

from budget_sync_tests.corpus.writers import save_book, store_cached_values, write_case

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
BOLD = Font(bold=True)


def _book(title: str = "Budget"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    return wb, ws


def title_block() -> None:
    wb, ws = _book("Budget")
    ws["A1"] = "Acme Corp"
    ws["A2"] = "FY2025 Department Budget"
    ws["A3"] = "Prepared 2024-11-15 by FP&A"
    ws["A4"] = "Note: all amounts in USD, approved by the board on 2024-12-02"
    lines = [
        ("Sales", "Travel", "2025-Q1", 30000),
        ("Sales", "Travel", "2025-Q2", 32000),
        ("Sales", "Software", "2025-Q1", 8000.5),
        ("Marketing", "Events", "2025-Q1", 45000),
        ("Marketing", "Content", "2025-Q2", 12500),
        ("Engineering", "Cloud Hosting", "2025-Q1", 60000),
        ("Engineering", "Cloud Hosting", "2025-Q2", 64000),
    ]
    ws.append([])
    ws.append(["Department", "Category", "Period", "Budget"])  # row 6
    for line in lines:
        ws.append(list(line))
    ws.append(["Grand Total", None, None, sum(x[3] for x in lines)])  # row 14
    for cell in ws[6] + ws[14]:
        cell.font = BOLD
    save_book(wb, "title_block.xlsx")
    budgets = [(d, c, f"FY2025-Q{p[-1]}", f"{a:.2f}", "USD") for d, c, p, a in lines]
    write_case(
        "title_block",
        "title_block.xlsx",
        budgets,
        sheet="Budget",
        control_balanced=True,
        reported=[14],
        note="Title block and notes above the header (row 6); the Grand Total row is a control total.",
    )


def months_columns_title() -> None:
    wb, ws = _book("Opex")
    ws["A1"] = "FY2025 Operating Budget"
    ws["A2"] = "All amounts in USD"
    data = {
        ("Sales", "Salaries"): [80000] * 12,
        ("Sales", "Travel"): [5000, 5000, 7000, 5000, 5000, 9000, 3000, 3000, 7000, 5000, 5000, 4000],
        ("Marketing", "Paid Media"): [20000 + 500 * i for i in range(12)],
        ("Engineering", "Contractors"): [15000, 15000, 15000, None, None, None, 12000, 12000, 12000, 0, 0, 0],
    }
    ws.append([])
    ws.append(["Department", "Category", *MONTHS])  # row 4
    budgets = []
    for (dept, cat), values in data.items():
        ws.append([dept, cat, *values])
        for m, v in enumerate(values, start=1):
            if v is not None:
                budgets.append((dept, cat, f"2025-{m:02d}", f"{v}.00", "USD"))
    save_book(wb, "months_columns_title.xlsx")
    write_case(
        "months_columns_title",
        "months_columns_title.xlsx",
        budgets,
        sheet="Opex",
        note="Jan..Dec columns, the year from the title line 'FY2025 Operating Budget'; blank = no budget.",
    )


def month_date_headers() -> None:
    wb, ws = _book("Plan")
    ws.append(["Cost Center", *[datetime(2025, m, 1) for m in range(1, 13)]])
    for cell in ws[1][1:]:
        cell.number_format = "mmm-yy"
    data = {
        "Customer Success": [31000 + 250 * i for i in range(12)],
        "Product": [52000] * 12,
        "Security": [9000, 9000, 9000, 14000, 14000, 14000, 9000, 9000, 9000, 14000, 14000, 14000],
    }
    budgets = []
    for dept, values in data.items():
        ws.append([dept, *values])
        budgets += [(dept, None, f"2025-{m:02d}", f"{v}.00", "USD") for m, v in enumerate(values, 1)]
    save_book(wb, "month_date_headers.xlsx")
    write_case(
        "month_date_headers",
        "month_date_headers.xlsx",
        budgets,
        sheet="Plan",
        note="Header cells are real dates (1st of each month, shown mmm-yy).",
    )


def merged_departments() -> None:
    wb, ws = _book("Budget")
    ws["A1"] = "FY2025 Budget by Quarter"
    ws.append(["Department", "Category", "Q1", "Q2", "Q3", "Q4"])  # row 2
    blocks = [
        (
            "Sales",
            [
                ("Travel", [9000, 9000, 9000, 9000]),
                ("Events", [0, 15000, 0, 20000]),
                ("Software", [3000, 3000, 3000, 3000]),
            ],
        ),
        (
            "Research & Development",
            [("Salaries", [400000, 410000, 420000, 430000]), ("Equipment", [25000, None, 25000, None])],
        ),
        ("Finance", [("Audit", [None, None, None, 60000])]),
    ]
    budgets = []
    row = 3
    for dept, lines in blocks:
        first = row
        for cat, values in lines:
            ws.append([dept if row == first else None, cat, *values])
            for q, v in enumerate(values, start=1):
                if v is not None:
                    budgets.append((dept, cat, f"FY2025-Q{q}", f"{v}.00", "USD"))
            row += 1
        if row - first > 1:
            ws.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
    save_book(wb, "merged_departments.xlsx")
    write_case(
        "merged_departments",
        "merged_departments.xlsx",
        budgets,
        sheet="Budget",
        note="Department cells merged vertically (forward-fill); Q1..Q4 take FY2025 from the title line.",
    )


def outline_layout() -> None:
    wb, ws = _book("Expense Plan")
    ws["B2"] = "Expense Plan"
    ws["B3"] = "Fiscal year 2025, USD"
    ws["B5"], ws["C5"] = "Account", "FY2025 Budget"
    layout = [
        ("Sales", None),
        ("  Travel", 45000),
        ("  Software", 12000),
        ("Total Sales", 57000),
        ("Marketing", None),
        ("  Events", 80000),
        ("  Agency Fees", 36500),
        ("Total Marketing", 116500),
        (None, None),
        ("Total Expenses", 173500),
    ]
    for offset, (label, amount) in enumerate(layout):
        ws.cell(row=6 + offset, column=2, value=label)
        ws.cell(row=6 + offset, column=3, value=amount)
        if label and not label.startswith(" "):
            ws.cell(row=6 + offset, column=2).font = BOLD
    save_book(wb, "outline_layout.xlsx")
    write_case(
        "outline_layout",
        "outline_layout.xlsx",
        [
            ("Sales", "Travel", "FY2025", "45000.00", "USD"),
            ("Sales", "Software", "FY2025", "12000.00", "USD"),
            ("Marketing", "Events", "FY2025", "80000.00", "USD"),
            ("Marketing", "Agency Fees", "FY2025", "36500.00", "USD"),
        ],
        sheet="Expense Plan",
        control_balanced=True,
        reported=[9, 13, 15],
        note="Outline: department on its own row, indented lines below, 'Total <dept>' subtotals and a "
        "grand total; the table starts at B5 (column A and row 1 empty).",
    )


def subtotals_mismatch() -> None:
    wb, ws = _book("FY25")
    ws.append(["Department", "Category", "FY2025 Budget"])
    rows = [
        ("Sales", "Travel", 40000),
        ("Sales", "Software", 15000),
        ("Sales Total", None, 55000),
        ("Engineering", "Salaries", 900000),
        ("Engineering", "Cloud", 120000),
        ("Engineering Total", None, 1020000),
        ("Grand Total", None, 1075250),
    ]
    for row in rows:
        ws.append(list(row))
    for r in (4, 7, 8):
        ws.cell(row=r, column=1).font = BOLD
    save_book(wb, "subtotals_mismatch.xlsx")
    write_case(
        "subtotals_mismatch",
        "subtotals_mismatch.xlsx",
        [
            ("Sales", "Travel", "FY2025", "40000.00", "USD"),
            ("Sales", "Software", "FY2025", "15000.00", "USD"),
            ("Engineering", "Salaries", "FY2025", "900000.00", "USD"),
            ("Engineering", "Cloud", "FY2025", "120000.00", "USD"),
        ],
        sheet="FY25",
        control_difference="250.00",
        reported=[4, 7, 8],
        note="Subtotals agree; the grand total says 1,075,250 but the lines sum to 1,075,000: difference 250.",
    )


def wide_total_right() -> None:
    wb, ws = _book("Budget 2025")
    ws.append(["Department", "Cost Type", *[f"{m} 2025" for m in MONTHS], "FY2025 Total", "Comments"])
    data = {
        ("Operations", "Warehouse Rent"): [22000] * 12,
        ("Operations", "Freight"): [8000, 8200, 8400, 8600, 8800, 9000, 9200, 9400, 9600, 9800, 10000, 10200],
        ("HR", "Recruiting"): [12000, 12000, 0, 0, 6000, 6000, 0, 0, 15000, 0, 0, 0],
    }
    budgets = []
    for (dept, cat), values in data.items():
        ws.append([dept, cat, *values, sum(values), "per plan v3"])
        budgets += [(dept, cat, f"2025-{m:02d}", f"{v}.00", "USD") for m, v in enumerate(values, 1)]
    save_book(wb, "wide_total_right.xlsx")
    write_case(
        "wide_total_right",
        "wide_total_right.xlsx",
        budgets,
        sheet="Budget 2025",
        note="Months 'Jan 2025'..'Dec 2025', a total column at the right (left out), a comments column.",
    )


def scale_in_thousands() -> None:
    wb, ws = _book("Summary")
    ws["A1"] = "Capital and operating plan"
    ws.append([])
    ws.append(["Department", "Category", "FY2025 Budget (in thousands)"])  # row 3
    lines = [("Plant", "Maintenance", 1250.5), ("Plant", "Utilities", 830), ("Logistics", "Fleet", 2105.25)]
    for line in lines:
        ws.append(list(line))
    save_book(wb, "scale_in_thousands.xlsx")
    write_case(
        "scale_in_thousands",
        "scale_in_thousands.xlsx",
        [
            ("Plant", "Maintenance", "FY2025", "1250500.00", "USD"),
            ("Plant", "Utilities", "FY2025", "830000.00", "USD"),
            ("Logistics", "Fleet", "FY2025", "2105250.00", "USD"),
        ],
        sheet="Summary",
        note="'(in thousands)' in the amount header; the period FY2025 from the same header.",
    )


def blank_rows_and_columns() -> None:
    wb, ws = _book("Budget")
    ws.append(["Department", None, "Category", "Period", "Budget"])
    ws.append(["Sales", None, "Travel", "Q1 2025", 7000])
    ws.append([])
    ws.append(["Sales", None, "Meals", "Q1 2025", 1800])
    ws.append([])
    ws.append([])
    ws.append(["Support", None, "Tooling", "Q1 2025", 5400])
    ws.append(["Support", None, "Tooling", "Q2 2025", 5400])
    save_book(wb, "blank_rows_and_columns.xlsx")
    write_case(
        "blank_rows_and_columns",
        "blank_rows_and_columns.xlsx",
        [
            ("Sales", "Travel", "FY2025-Q1", "7000.00", "USD"),
            ("Sales", "Meals", "FY2025-Q1", "1800.00", "USD"),
            ("Support", "Tooling", "FY2025-Q1", "5400.00", "USD"),
            ("Support", "Tooling", "FY2025-Q2", "5400.00", "USD"),
        ],
        sheet="Budget",
        note="An empty column B and blank rows inside the data.",
    )


def error_cells_xlsx() -> None:
    wb, ws = _book("Budget")
    ws.append(["Department", "Category", "Jan 2025", "Feb 2025", "Mar 2025"])
    ws.append(["Sales", "Travel", 1000, 1000, 1000])
    ws.append(["Sales", "Software", 500, "#REF!", 500])
    ws.append(["Marketing", "Events", "#N/A", 2500, 2500])
    save_book(wb, "error_cells.xlsx")
    write_case(
        "error_cells_xlsx",
        "error_cells.xlsx",
        [
            ("Sales", "Travel", "2025-01", "1000.00", "USD"),
            ("Sales", "Travel", "2025-02", "1000.00", "USD"),
            ("Sales", "Travel", "2025-03", "1000.00", "USD"),
            ("Sales", "Software", "2025-01", "500.00", "USD"),
            ("Sales", "Software", "2025-03", "500.00", "USD"),
            ("Marketing", "Events", "2025-02", "2500.00", "USD"),
            ("Marketing", "Events", "2025-03", "2500.00", "USD"),
        ],
        sheet="Budget",
        rejected=[[3, "#REF!"], [4, "#N/A"]],
        note='Real Excel error cells (t="e"); each rejects its own month, the row\'s other months stand. '
        "python-calamine 0.9 reads error cells as '', so the engine must look at the cell type itself.",
    )


def several_sheets() -> None:
    wb, ws = _book("Instructions")
    for line in [
        "How to fill in this template",
        "1. Enter one line per department and category.",
        "2. Amounts are in USD for the full fiscal year.",
        "3. Do not change the headers of the FY25 Budget sheet.",
        "Questions: fpa@example.com",
    ]:
        ws.append([line])
    budget = wb.create_sheet("FY25 Budget")
    budget.append(["Department", "Category", "FY2025 Budget"])
    lines = [("Sales", "Travel", 52000), ("Sales", "Events", 18000), ("Legal", "Counsel", 140000)]
    for line in lines:
        budget.append(list(line))
    lookups = wb.create_sheet("Lookups")
    lookups.append(["Code", "Department", "Owner"])
    for row in [(100, "Sales", "J. Ortiz"), (200, "Legal", "M. Chen"), (300, "Finance", "A. Patel")]:
        lookups.append(list(row))
    save_book(wb, "several_sheets.xlsx")
    write_case(
        "several_sheets",
        "several_sheets.xlsx",
        [(d, c, "FY2025", f"{a}.00", "USD") for d, c, a in lines],
        sheet="FY25 Budget",
        note="Instructions, FY25 Budget and Lookups sheets, no sheet configured: the budget sheet is chosen.",
    )


def sheet_from_config() -> None:
    wb, ws = _book("FY2024 Budget")
    ws.append(["Department", "Category", "Budget"])
    ws.append(["Sales", "Travel", 40000])
    ws.append(["Sales", "Events", 10000])
    ws2 = wb.create_sheet("FY2025 Budget")
    ws2.append(["Department", "Category", "Budget"])
    ws2.append(["Sales", "Travel", 44000])
    ws2.append(["Sales", "Events", 12500])
    ws2.append(["Support", "Tooling", 9900])
    save_book(wb, "sheet_from_config.xlsx")
    write_case(
        "sheet_from_config",
        "sheet_from_config.xlsx",
        [
            ("Sales", "Travel", "FY2025", "44000.00", "USD"),
            ("Sales", "Events", "FY2025", "12500.00", "USD"),
            ("Support", "Tooling", "FY2025", "9900.00", "USD"),
        ],
        config={"sheet": "FY2025 Budget", "default_period": "FY2025"},
        sheet="FY2025 Budget",
        note="Two look-alike yearly sheets; the config names the sheet and the period.",
    )


def header_row_from_config() -> None:
    wb, ws = _book("Export")
    for row in [("Scenario", "Budget"), ("Year", "FY2025"), ("Currency", "USD"), ()]:
        ws.append(list(row))
    ws.append(["Dept", "Acct", "Amount"])  # row 5
    ws.append(["Sales", "Travel", 15000])
    ws.append(["Sales", "Commissions", 82000.75])
    ws.append(["Ops", "Freight", 33000])
    save_book(wb, "header_row_from_config.xlsx")
    write_case(
        "header_row_from_config",
        "header_row_from_config.xlsx",
        [
            ("Sales", "Travel", "FY2025", "15000.00", "USD"),
            ("Sales", "Commissions", "FY2025", "82000.75", "USD"),
            ("Ops", "Freight", "FY2025", "33000.00", "USD"),
        ],
        config={"header_row": 5, "default_period": "FY2025"},
        sheet="Export",
        note="A two-column parameter block looks like a table; the config names header row 5 and the period.",
    )


def cached_formulas() -> None:
    wb, ws = _book("Budget")
    ws.append(["Department", "Category", "Jan 2025", "Feb 2025", "Mar 2025", "Q1 Total"])
    ws.append(["Sales", "Travel", 2000, "=C2*1.1", "=D2*1.1", "=SUM(C2:E2)"])
    ws.append(["Sales", "Software", 750, "=C3", "=C3", "=SUM(C3:E3)"])
    ws.append(["Support", "Tooling", 1200, 1200, "=D4+300", "=SUM(C4:E4)"])
    path = save_book(wb, "cached_formulas.xlsx")
    store_cached_values(
        path,
        {"D2": 2200, "E2": 2420, "F2": 6620, "D3": 750, "E3": 750, "F3": 2250, "E4": 1500, "F4": 3900},
    )
    write_case(
        "cached_formulas",
        "cached_formulas.xlsx",
        [
            ("Sales", "Travel", "2025-01", "2000.00", "USD"),
            ("Sales", "Travel", "2025-02", "2200.00", "USD"),
            ("Sales", "Travel", "2025-03", "2420.00", "USD"),
            ("Sales", "Software", "2025-01", "750.00", "USD"),
            ("Sales", "Software", "2025-02", "750.00", "USD"),
            ("Sales", "Software", "2025-03", "750.00", "USD"),
            ("Support", "Tooling", "2025-01", "1200.00", "USD"),
            ("Support", "Tooling", "2025-02", "1200.00", "USD"),
            ("Support", "Tooling", "2025-03", "1500.00", "USD"),
        ],
        sheet="Budget",
        note="Formulas with the values Excel cached beside them; the 'Q1 Total' column is left out.",
    )


def offset_table_errors() -> None:
    wb, ws = _book("Budget")
    ws["B3"], ws["C3"], ws["D3"], ws["E3"] = "Department", "Category", "Period", "Budget"
    lines = [
        ("Sales", "Travel", "Q1 2025", 5000),
        ("Sales", "Events", "Q1 2025", "#DIV/0!"),
        ("Marketing", "Print", "Q1 2025", "n/a"),
        ("Marketing", "Agency", "Q1 2025", 7250),
    ]
    for offset, line in enumerate(lines):
        for col, value in enumerate(line, start=2):
            ws.cell(row=4 + offset, column=col, value=value)
    save_book(wb, "offset_table_errors.xlsx")
    write_case(
        "offset_table_errors",
        "offset_table_errors.xlsx",
        [
            ("Sales", "Travel", "FY2025-Q1", "5000.00", "USD"),
            ("Marketing", "Agency", "FY2025-Q1", "7250.00", "USD"),
        ],
        sheet="Budget",
        rejected=[[5, "#DIV/0!"], [6, "n/a"]],
        note="The table starts at B3 (rows 1-2 and column A empty): rejections still name the rows as Excel "
        "shows them (5 and 6).",
    )
