"""Versions in one sheet (issue 8, pattern 4) and period spellings of published budgets (pattern 5).

Synthetic look-alikes: a city-style request report with versions as row labels under department
headings, actuals pasted below a budget, fiscal-year range headers, and German / Chinese month names.
"""

from __future__ import annotations

from openpyxl import Workbook

from budget_sync_tests.corpus.writers import save_book, write_case, write_text


def version_row_labels() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Requests"
    for row in [
        ["FY2025 ESTIMATES AND FY2026 BUDGET REQUESTS"],
        ["GENERAL FUND"],
        [],
        ["Department", "", "Amount"],
        ["PARKS & RECREATION"],
        ["FY25 ESTIMATE", "", 410000],
        ["FY26 REQUEST", "", 432500],
        ["INCREASE/(DECREASE)", "", 22500],
        [],
        ["PUBLIC LIBRARY"],
        ["FY25 ESTIMATE", "", 125000],
        ["FY26 REQUEST", "", 118750.5],
        ["INCREASE/(DECREASE)", "", -6249.5],
        [],
        ["STREETS"],
        ["FY25 ESTIMATE", "", 980000],
        ["FY26 REQUEST", "", 1015000],
        ["INCREASE/(DECREASE)", "", 35000],
    ]:
        ws.append(row)
    save_book(wb, "version_row_labels.xlsx")
    write_case(
        "version_row_labels",
        "version_row_labels.xlsx",
        [
            ("PARKS & RECREATION", None, "FY2026", "432500.00", "USD"),
            ("PUBLIC LIBRARY", None, "FY2026", "118750.50", "USD"),
            ("STREETS", None, "FY2026", "1015000.00", "USD"),
        ],
        reported=[6, 8, 11, 13, 16, 18],
        note="Estimate, request and change rows under each department heading: only the FY26 requests "
        "are budgets, for FY2026 as their label says (the title's first year is FY2025).",
    )


def actuals_below_budget() -> None:
    rows = [
        ["Department", "Period", "Budget"],
        ["Finance", "2025-01", "12000"],
        ["Finance", "2025-02", "12000"],
        ["Legal", "2025-01", "8500.25"],
        [""],
        ["Actuals"],
        ["Department", "Period", "Budget"],
        ["Finance", "2025-01", "11873.40"],
        ["Finance", "2025-02", "12410.00"],
        ["Legal", "2025-01", "9020.75"],
    ]
    write_text("actuals_below_budget.csv", rows)
    write_case(
        "actuals_below_budget",
        "actuals_below_budget.csv",
        [
            ("Finance", None, "2025-01", "12000.00", "USD"),
            ("Finance", None, "2025-02", "12000.00", "USD"),
            ("Legal", None, "2025-01", "8500.25", "USD"),
        ],
        reported=[8, 9, 10],
        note="A second table of actuals pasted under the budget, below an 'Actuals' heading: left out.",
    )


def fiscal_year_ranges() -> None:
    rows = [
        ["Department", "Program", "FY14-15", "FY15-16", "2016/17"],
        ["Health", "Clinics", "1200000", "1250000", "1300000"],
        ["Health", "Outreach", "80000", "82000", "85000"],
        ["Transport", "Roads", "5400000", "5600000", "5750000"],
    ]
    write_text("fiscal_year_ranges.csv", rows)
    budgets = []
    for agency, program, *amounts in rows[1:]:
        for period, amount in zip(["FY2015", "FY2016", "FY2017"], amounts, strict=True):
            budgets.append((agency, program, period, f"{amount}.00", "USD"))
    write_case(
        "fiscal_year_ranges",
        "fiscal_year_ranges.csv",
        budgets,
        note="Fiscal-year ranges as column headers, each named by the year it ends in.",
    )


def foreign_month_names() -> None:
    rows = [
        ["Kostenstelle", "Januar 2025", "Februar 2025", "März 2025"],
        ["Vertrieb", "1000", "1100", "1200"],
        ["Einkauf", "500", "500", "650"],
    ]
    write_text("german_month_names.csv", rows)
    write_case(
        "german_month_names",
        "german_month_names.csv",
        [
            ("Vertrieb", None, "2025-01", "1000.00", "USD"),
            ("Vertrieb", None, "2025-02", "1100.00", "USD"),
            ("Vertrieb", None, "2025-03", "1200.00", "USD"),
            ("Einkauf", None, "2025-01", "500.00", "USD"),
            ("Einkauf", None, "2025-02", "500.00", "USD"),
            ("Einkauf", None, "2025-03", "650.00", "USD"),
        ],
        note="German month names with the year as headers.",
    )
    chinese = [
        ["Department", "1月", "2月", "3月"],
        ["销售", "3000", "3100", "3200"],
        ["研发", "8000", "8000", "8400"],
    ]
    write_text("chinese_months.csv", chinese)
    write_case(
        "chinese_months",
        "chinese_months.csv",
        [
            ("销售", None, "2025-01", "3000.00", "CNY"),
            ("销售", None, "2025-02", "3100.00", "CNY"),
            ("销售", None, "2025-03", "3200.00", "CNY"),
            ("研发", None, "2025-01", "8000.00", "CNY"),
            ("研发", None, "2025-02", "8000.00", "CNY"),
            ("研发", None, "2025-03", "8400.00", "CNY"),
        ],
        config={"fiscal_year": 2025, "default_currency": "CNY"},
        note="Chinese month headers 1月..3月; the year comes from the config.",
    )
