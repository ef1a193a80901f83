"""Text exports from named tools and messy concatenations, plus the ones a person would configure."""

from __future__ import annotations

import json

from budget_sync_tests.corpus.writers import FILES, write_case, write_text

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def repeated_headers() -> None:
    header = ["Department", "Category", "Period", "Amount"]
    rows = [
        header,
        ["Sales", "Travel", "2025-01", "1000"],
        ["Sales", "Travel", "2025-02", "1100"],
        [],
        header,
        ["Marketing", "Events", "2025-01", "5000"],
        ["Marketing", "Events", "2025-02", "5200"],
    ]
    write_text("repeated_headers.csv", rows)
    write_case(
        "repeated_headers",
        "repeated_headers.csv",
        [
            ("Sales", "Travel", "2025-01", "1000.00", "USD"),
            ("Sales", "Travel", "2025-02", "1100.00", "USD"),
            ("Marketing", "Events", "2025-01", "5000.00", "USD"),
            ("Marketing", "Events", "2025-02", "5200.00", "USD"),
        ],
        reported=[5],
        note="Two exports concatenated: the second header row (row 5) is skipped, not a budget or rejection.",
    )


def trailing_notes() -> None:
    rows = [
        ["Department", "Account", "Period", "Budget"],
        ["IT", "Laptops", "2025-Q1", "36000"],
        ["IT", "Licences", "2025-Q1", "12400"],
        ["Facilities", "Rent", "2025-Q1", "90000"],
        [],
        ["Prepared by: FP&A team"],
        ["Source: NetSuite saved search 'FY25 Budget'", "exported 2025-01-03 14:02"],
        ["Confidential - internal use only"],
    ]
    write_text("trailing_notes.csv", rows)
    write_case(
        "trailing_notes",
        "trailing_notes.csv",
        [
            ("IT", "Laptops", "FY2025-Q1", "36000.00", "USD"),
            ("IT", "Licences", "FY2025-Q1", "12400.00", "USD"),
            ("Facilities", "Rent", "FY2025-Q1", "90000.00", "USD"),
        ],
        tolerated=[6, 7, 8],
        reported=[6, 7, 8],
        note="Notes below the table are not budgets; they may be reported as skipped or rejected.",
    )


def error_cells_csv() -> None:
    rows = [
        ["Department", "Category", "Period", "Budget"],
        ["Sales", "Travel", "2025-01", "1500"],
        ["Sales", "Software", "2025-01", "#REF!"],
        ["Marketing", "Events", "2025-01", "#N/A"],
        ["Marketing", "Agency", "2025-01", "TBD"],
        ["Finance", "Audit", "2025-01", "7000"],
    ]
    write_text("error_cells.csv", rows)
    write_case(
        "error_cells_csv",
        "error_cells.csv",
        [
            ("Sales", "Travel", "2025-01", "1500.00", "USD"),
            ("Finance", "Audit", "2025-01", "7000.00", "USD"),
        ],
        rejected=[[3, "#REF!"], [4, "#N/A"], [5, "TBD"]],
        note="Google Sheets CSV with formula errors and a text amount: each is a rejection quoting the value.",
    )


def version_filter() -> None:
    rows = [
        ["Version", "Department", "Account", "Period", "Amount"],
        ["Budget", "Sales", "Travel", "2025-01", "9000"],
        ["Actual", "Sales", "Travel", "2025-01", "8712.33"],
        ["Forecast", "Sales", "Travel", "2025-01", "8800"],
        ["Budget", "Sales", "Travel", "2025-02", "9000"],
        ["Actual", "Sales", "Travel", "2025-02", "9415.10"],
        ["Budget", "Marketing", "Events", "2025-01", "25000"],
        ["Actual", "Marketing", "Events", "2025-01", "19980"],
    ]
    write_text("version_filter.csv", rows)
    write_case(
        "version_filter",
        "version_filter.csv",
        [
            ("Sales", "Travel", "2025-01", "9000.00", "USD"),
            ("Sales", "Travel", "2025-02", "9000.00", "USD"),
            ("Marketing", "Events", "2025-01", "25000.00", "USD"),
        ],
        config={"filters": {"Version": "Budget"}},
        reported=[3, 4, 6, 8],
        note="Budget, Actual and Forecast rows in one export; the config keeps Version = Budget.",
    )


def unusual_headers() -> None:
    rows = [
        ["Resp Ctr", "Nat Acct", "Pd", "Amt LC", "Amt GC", "Curr Key"],
        ["R&D Berlin", "Salaries", "01/2025", "80000.00", "86400.00", "EUR"],
        ["R&D Berlin", "Equipment", "01/2025", "12000.00", "12960.00", "EUR"],
        ["R&D Lyon", "Salaries", "01/2025", "55000.00", "59400.00", "EUR"],
        ["R&D Lyon", "Salaries", "02/2025", "55000.00", "59400.00", "EUR"],
    ]
    write_text("unusual_headers.csv", rows)
    write_case(
        "unusual_headers",
        "unusual_headers.csv",
        [
            ("R&D Berlin", "Salaries", "2025-01", "80000.00", "EUR"),
            ("R&D Berlin", "Equipment", "2025-01", "12000.00", "EUR"),
            ("R&D Lyon", "Salaries", "2025-01", "55000.00", "EUR"),
            ("R&D Lyon", "Salaries", "2025-02", "55000.00", "EUR"),
        ],
        config={
            "department": "Resp Ctr",
            "sub_category": "Nat Acct",
            "fiscal_period": "Pd",
            "budgeted_amount": "Amt LC",
            "currency": "Curr Key",
        },
        note="ERP abbreviations a person would configure; local-currency amount, not group currency.",
    )


def anaplan_flat() -> None:
    rows = [
        ["Cost Centre", "Line Items", "Time", "Value"],
        ["CC100 - Finance", "Salaries", "Jan 25", "42000"],
        ["CC100 - Finance", "Salaries", "Feb 25", "42000"],
        ["CC100 - Finance", "Travel", "Jan 25", "1500"],
        ["CC210 - Marketing", "Paid Media", "Jan 25", "60000"],
        ["CC210 - Marketing", "Paid Media", "Feb 25", "72500.5"],
        ["CC210 - Marketing", "Travel", "Feb 25", "0"],
    ]
    write_text("anaplan_flat.csv", rows)
    write_case(
        "anaplan_flat",
        "anaplan_flat.csv",
        [
            ("CC100 - Finance", "Salaries", "2025-01", "42000.00", "USD"),
            ("CC100 - Finance", "Salaries", "2025-02", "42000.00", "USD"),
            ("CC100 - Finance", "Travel", "2025-01", "1500.00", "USD"),
            ("CC210 - Marketing", "Paid Media", "2025-01", "60000.00", "USD"),
            ("CC210 - Marketing", "Paid Media", "2025-02", "72500.50", "USD"),
            ("CC210 - Marketing", "Travel", "2025-02", "0.00", "USD"),
        ],
        note="Anaplan flat export: Cost Centre, Line Items (sub-category), Time 'Jan 25', Value.",
    )


def netsuite_export() -> None:
    rows = [
        ["Subsidiary", "Department", "Account", "Period", "Amount"],
        ["Acme Inc. (US)", "Sales : Field Sales", "6100 Travel & Entertainment", "Jan 2025", "18,000.00"],
        ["Acme Inc. (US)", "Sales : Field Sales", "6100 Travel & Entertainment", "Feb 2025", "18,000.00"],
        ["Acme Inc. (US)", "Sales : Inside Sales", "6420 Software Subscriptions", "Jan 2025", "4,320.00"],
        ["Acme Inc. (US)", "G&A : Finance", "6710 Audit Fees", "Mar 2025", "55,000.00"],
    ]
    write_text("netsuite_export.csv", rows)
    write_case(
        "netsuite_export",
        "netsuite_export.csv",
        [
            ("Sales : Field Sales", "6100 Travel & Entertainment", "2025-01", "18000.00", "USD"),
            ("Sales : Field Sales", "6100 Travel & Entertainment", "2025-02", "18000.00", "USD"),
            ("Sales : Inside Sales", "6420 Software Subscriptions", "2025-01", "4320.00", "USD"),
            ("G&A : Finance", "6710 Audit Fees", "2025-03", "55000.00", "USD"),
        ],
        note="NetSuite budget export: Department with hierarchy kept as-is, Account, Period 'Jan 2025'.",
    )


def sap_export() -> None:
    rows = [
        ["Cost Center", "GL Account", "Period", "Amount", "Currency"],
        ["1000 Finance", "400100 Office Supplies", "P01 FY2025", "1200.00", "USD"],
        ["1000 Finance", "400100 Office Supplies", "P02 FY2025", "1200.00", "USD"],
        ["2000 Production", "410000 Maintenance", "P01 FY2025", "18500.00", "USD"],
        ["2000 Production", "410000 Maintenance", "P12 FY2025", "21000.00", "USD"],
    ]
    write_text("sap_export.csv", rows)
    write_case(
        "sap_export",
        "sap_export.csv",
        [
            ("1000 Finance", "400100 Office Supplies", "2025-01", "1200.00", "USD"),
            ("1000 Finance", "400100 Office Supplies", "2025-02", "1200.00", "USD"),
            ("2000 Production", "410000 Maintenance", "2025-01", "18500.00", "USD"),
            ("2000 Production", "410000 Maintenance", "2025-12", "21000.00", "USD"),
        ],
        note="SAP-style posting periods 'P01 FY2025' with a January fiscal year start.",
    )


def default_period_and_currency() -> None:
    rows = [
        ["Department", "Category", "Budget"],
        ["Toronto Sales", "Travel", "42,000"],
        ["Toronto Sales", "Meals", "6,500"],
        ["Vancouver Ops", "Rent", "120,000"],
    ]
    write_text("default_period_and_currency.csv", rows)
    write_case(
        "default_period_and_currency",
        "default_period_and_currency.csv",
        [
            ("Toronto Sales", "Travel", "FY2025", "42000.00", "CAD"),
            ("Toronto Sales", "Meals", "FY2025", "6500.00", "CAD"),
            ("Vancouver Ops", "Rent", "FY2025", "120000.00", "CAD"),
        ],
        config={"default_period": "FY2025", "default_currency": "CAD"},
        note="No period or currency in the file; both come from the config.",
    )


def months_without_year() -> None:
    values = {
        ("Support", "Salaries"): [str(50000 + 1000 * i) for i in range(12)],
        ("Support", "Software"): ["2500"] * 6 + [""] * 6,
    }
    rows = [["Department", "Category", *MONTHS]]
    budgets = []
    for (dept, cat), months in values.items():
        rows.append([dept, cat, *months])
        for m, v in enumerate(months, start=1):
            if v:
                budgets.append((dept, cat, f"2025-{m:02d}", f"{v}.00", "USD"))
    write_text("months_without_year.csv", rows)
    write_case(
        "months_without_year",
        "months_without_year.csv",
        budgets,
        config={"fiscal_year": 2025},
        note="Jan..Dec columns and no year anywhere in the file: the config gives fiscal_year 2025.",
    )


def sheets_api_rows() -> None:
    values = [
        ["FY2025 Budget - shared with finance"],
        [],
        ["Dept", "Category", "Q1", "Q2", "Q3", "Q4"],
        ["Sales", "Travel", "$10,000.00", "$12,000.00", "$9,500.00", "$11,000.00"],
        ["Sales", "Events", "$0.00", "$25,000.00"],
        ["Marketing", "Content", "$4,000.00", "", "$4,000.00", "$4,000.00"],
    ]
    (FILES / "sheets_api_values.json").write_text(json.dumps({"values": values}, indent=1), encoding="utf-8")
    budgets = []
    for row in values[3:]:
        for q, v in enumerate(row[2:], start=1):
            if v:
                amount = v.replace("$", "").replace(",", "")
                budgets.append((row[0], row[1], f"FY2025-Q{q}", amount, "USD"))
    write_case(
        "sheets_api_rows",
        "sheets_api_values.json",
        budgets,
        note="Google Sheets API values (ragged rows, formatted strings) through map_rows; Q1..Q4 take the "
        "year from the title line.",
    )
