"""More layouts: pivot-table exports, loose header spellings, posting periods, date cells, macro workbooks."""

from __future__ import annotations

import zipfile
from datetime import datetime

from openpyxl import Workbook

from budget_sync_tests.corpus.writers import freeze_zip, save_book, write_case, write_text


def pivot_blank_departments() -> None:
    rows = [
        ["Department", "Category", "Period", "Budget"],
        ["Sales", "Travel", "2025-Q1", "8000"],
        ["", "Meals", "2025-Q1", "1500"],
        ["", "Software", "2025-Q1", "2200"],
        ["Legal", "Counsel", "2025-Q1", "40000"],
        ["", "Filing Fees", "2025-Q1", "900"],
    ]
    write_text("pivot_blank_departments.csv", rows)
    write_case(
        "pivot_blank_departments",
        "pivot_blank_departments.csv",
        [
            ("Sales", "Travel", "FY2025-Q1", "8000.00", "USD"),
            ("Sales", "Meals", "FY2025-Q1", "1500.00", "USD"),
            ("Sales", "Software", "FY2025-Q1", "2200.00", "USD"),
            ("Legal", "Counsel", "FY2025-Q1", "40000.00", "USD"),
            ("Legal", "Filing Fees", "FY2025-Q1", "900.00", "USD"),
        ],
        note="Pivot-table export: the department is printed once and left blank below (forward-fill).",
    )


def loose_headers() -> None:
    rows = [
        ["Dept.", "Expense Categ.", "Budget Period", "Budgeted Amt"],
        ["Warehouse", "Forklift Leases", "Q3 2025", "6,600.00"],
        ["Warehouse", "Packaging", "Q3 2025", "3,150.00"],
        ["Customer Care", "Headsets", "Q4 2025", "1,980.00"],
    ]
    write_text("loose_headers.csv", rows)
    write_case(
        "loose_headers",
        "loose_headers.csv",
        [
            ("Warehouse", "Forklift Leases", "FY2025-Q3", "6600.00", "USD"),
            ("Warehouse", "Packaging", "FY2025-Q3", "3150.00", "USD"),
            ("Customer Care", "Headsets", "FY2025-Q4", "1980.00", "USD"),
        ],
        note="Abbreviated headers ('Dept.', 'Expense Categ.', 'Budgeted Amt') matched by fuzzy words.",
    )


def posting_periods() -> None:
    rows = [
        ["Fiscal Year", "Posting Period", "Cost Center", "GL Account", "Plan Amount"],
        ["2025", "P01", "3100 Marketing", "6500 Advertising", "25000.00"],
        ["2025", "P02", "3100 Marketing", "6500 Advertising", "25000.00"],
        ["2025", "P03", "3100 Marketing", "6500 Advertising", "31000.00"],
        ["2025", "P01", "3200 Brand", "6510 Sponsorship", "12000.00"],
    ]
    write_text("posting_periods.csv", rows, sep=";")
    write_case(
        "posting_periods",
        "posting_periods.csv",
        [
            ("3100 Marketing", "6500 Advertising", "2025-01", "25000.00", "USD"),
            ("3100 Marketing", "6500 Advertising", "2025-02", "25000.00", "USD"),
            ("3100 Marketing", "6500 Advertising", "2025-03", "31000.00", "USD"),
            ("3200 Brand", "6510 Sponsorship", "2025-01", "12000.00", "USD"),
        ],
        note="SAP plan export: 'P01' posting periods with the year from the Fiscal Year column (Jan start); "
        "semicolons with dot decimals.",
    )


def long_date_cells() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws.append(["Department", "Account", "Month", "Budget"])
    lines = [
        ("Sales", "Travel", datetime(2025, 1, 31), 4100),
        ("Sales", "Travel", datetime(2025, 2, 28), 4100),
        ("Sales", "Travel", datetime(2025, 3, 31), 4650.5),
        ("Finance", "Software", datetime(2025, 1, 31), 2999.99),
    ]
    for line in lines:
        ws.append(list(line))
        ws.cell(row=ws.max_row, column=3).number_format = "mmm yyyy"
    save_book(wb, "long_date_cells.xlsx")
    write_case(
        "long_date_cells",
        "long_date_cells.xlsx",
        [(d, a, f"{m.year}-{m.month:02d}", f"{v:.2f}", "USD") for d, a, m, v in lines],
        sheet="Budget",
        note="Period column of real date cells (month-end dates shown 'mmm yyyy') means that month.",
    )


def macro_enabled() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Upload"
    ws.append(["Business Unit", "Line Item", "FY2026 Plan"])
    lines = [
        ("Consumer", "Promotions", 410000),
        ("Consumer", "Research", 95000),
        ("Enterprise", "Events", 230000),
    ]
    for line in lines:
        ws.append(list(line))
    path = save_book(wb, "macro_enabled.xlsm")
    # An .xlsm is an .xlsx whose workbook part declares the macro-enabled content type.
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    main = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        main, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    freeze_zip(path)
    write_case(
        "macro_enabled",
        "macro_enabled.xlsm",
        [(d, c, "FY2026", f"{a}.00", "USD") for d, c, a in lines],
        sheet="Upload",
        note="Macro-enabled workbook (.xlsm); Business Unit, Line Item, period from 'FY2026 Plan'.",
    )


def prophix_preset() -> None:
    rows = [
        ["Scenario", "Entity", "Department", "Account", "Time", "Currency", "Value"],
        ["Budget", "200 - Acme UK", "Sales", "6200 - Travel", "Jan 2025", "GBP", "7400.00"],
        ["Budget", "200 - Acme UK", "Sales", "6200 - Travel", "Feb 2025", "GBP", "7400.00"],
        ["Forecast", "200 - Acme UK", "Sales", "6200 - Travel", "Jan 2025", "GBP", "6900.00"],
        ["Budget", "200 - Acme UK", "Support", "6400 - Software Subscriptions", "Jan 2025", "GBP", "2100.25"],
        ["Actual", "200 - Acme UK", "Support", "6400 - Software Subscriptions", "Jan 2025", "GBP", "2244.10"],
    ]
    write_text("prophix_export.csv", rows)
    write_case(
        "prophix_preset",
        "prophix_export.csv",
        [
            ("Sales", "6200 - Travel", "2025-01", "7400.00", "GBP"),
            ("Sales", "6200 - Travel", "2025-02", "7400.00", "GBP"),
            ("Support", "6400 - Software Subscriptions", "2025-01", "2100.25", "GBP"),
        ],
        config={"preset": "prophix"},
        note="Prophix 'Export Data' with the prophix preset: only the Budget scenario, Entity ignored.",
    )


def wide_grand_total() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "H1"
    ws.append(["Department", "Jan-25", "Feb-25", "Mar-25", "Apr-25", "May-25", "Jun-25"])
    data = {
        "Sales": [10000, 10000, 12000, 12000, 12000, 15000],
        "Marketing": [8000, 0, 8000, 0, 8000, 0],
        "Support": [4500, 4500, 4500, 4500, 4500, 4500],
    }
    for dept, values in data.items():
        ws.append([dept, *values])
    ws.append(["Total", *[sum(col) for col in zip(*data.values(), strict=True)]])
    save_book(wb, "wide_grand_total.xlsx")
    write_case(
        "wide_grand_total",
        "wide_grand_total.xlsx",
        [(d, None, f"2025-{m:02d}", f"{v}.00", "USD") for d, vs in data.items() for m, v in enumerate(vs, 1)],
        sheet="H1",
        control_balanced=True,
        reported=[5],
        note="Months 'Jan-25'.. as columns with a Total row under each month (control totals).",
    )


def two_row_header() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws.append([None, None, "FY2025", None, None, None])
    ws.merge_cells("C1:F1")
    ws.append(["Department", "Category", "Q1", "Q2", "Q3", "Q4"])
    data = {
        ("Field Ops", "Vehicles"): [14000, 14000, 16000, 16000],
        ("Field Ops", "Fuel"): [5200, 5600, 6100, 5000],
    }
    for (dept, cat), values in data.items():
        ws.append([dept, cat, *values])
    save_book(wb, "two_row_header.xlsx")
    write_case(
        "two_row_header",
        "two_row_header.xlsx",
        [
            (d, c, f"FY2025-Q{q}", f"{v}.00", "USD")
            for (d, c), vs in data.items()
            for q, v in enumerate(vs, 1)
        ],
        sheet="Budget",
        note="Two header rows: 'FY2025' merged over the quarter columns, Q1..Q4 below.",
    )


def currency_in_header() -> None:
    rows = [
        ["Department", "Period", "Budget (EUR)"],
        ["Sales, EMEA", "FY2025", "410000.00"],
        ['Research "Labs"', "FY2025", "265000.00"],
        ["Operations", "FY2025", "98000.00"],
    ]
    write_text("currency_in_header.csv", rows)
    write_case(
        "currency_in_header",
        "currency_in_header.csv",
        [
            ("Sales, EMEA", None, "FY2025", "410000.00", "EUR"),
            ('Research "Labs"', None, "FY2025", "265000.00", "EUR"),
            ("Operations", None, "FY2025", "98000.00", "EUR"),
        ],
        note="The amount header names the currency '(EUR)'; quoted fields hold a comma and quotes.",
    )
