"""Hand-kept sheets: mixed spellings in one column, numeric codes as names, a currency per wide row."""

from __future__ import annotations

from openpyxl import Workbook

from budget_sync_tests.corpus.writers import save_book, write_case, write_text

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def mixed_period_spellings() -> None:
    rows = [
        ["Department", "Category", "Period", "Budget"],
        ["Studio", "Props", "2025-01", "800"],
        ["Studio", "Props", "Feb 2025", "800"],
        ["Studio", "Props", "03/2025", "950"],
        ["Studio", "Lighting", "Q2 2025", "4200"],
        ["Studio", "Lighting", "FY 2026", "18000"],
    ]
    write_text("mixed_period_spellings.csv", rows)
    write_case(
        "mixed_period_spellings",
        "mixed_period_spellings.csv",
        [
            ("Studio", "Props", "2025-01", "800.00", "USD"),
            ("Studio", "Props", "2025-02", "800.00", "USD"),
            ("Studio", "Props", "2025-03", "950.00", "USD"),
            ("Studio", "Lighting", "FY2025-Q2", "4200.00", "USD"),
            ("Studio", "Lighting", "FY2026", "18000.00", "USD"),
        ],
        note="A hand-kept sheet: one Period column with months, a quarter and a year in different spellings.",
    )


def currency_codes_in_amounts() -> None:
    rows = [
        ["Department", "Period", "Budget"],
        ["Paris Office", "FY2025", "EUR 1,200.00"],
        ["London Office", "FY2025", "1,500.00 GBP"],
        ["Boston Office", "FY2025", "USD 900"],
        ["Zug Office", "FY2025", "CHF 2,750.50"],
    ]
    write_text("currency_codes_in_amounts.csv", rows)
    write_case(
        "currency_codes_in_amounts",
        "currency_codes_in_amounts.csv",
        [
            ("Paris Office", None, "FY2025", "1200.00", "EUR"),
            ("London Office", None, "FY2025", "1500.00", "GBP"),
            ("Boston Office", None, "FY2025", "900.00", "USD"),
            ("Zug Office", None, "FY2025", "2750.50", "CHF"),
        ],
        note="ISO codes written before or after each amount decide that row's currency.",
    )


def numeric_codes() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws.append(["Dept", "Account", "Period", "Amount"])
    lines = [(100, 6100, "2025-01", 2500), (100, 6200, "2025-01", 780.5), (200, 6100, "2025-01", 4100)]
    for line in lines:
        ws.append(list(line))
    save_book(wb, "numeric_codes.xlsx")
    write_case(
        "numeric_codes",
        "numeric_codes.xlsx",
        [(str(d), str(a), p, f"{v:.2f}", "USD") for d, a, p, v in lines],
        sheet="Budget",
        config={"department": "Dept", "sub_category": "Account"},
        note="Department and account are numeric codes stored as numbers: named in the mapping they are "
        "names ('100'), not amounts; unnamed, the file is refused (codes are not department names).",
    )


def wide_currency_per_row() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Entities"
    ws["A1"] = "FY2025 Budget by Entity (local currency)"
    ws.append(["Entity", "Currency", *MONTHS[:3]])  # row 2
    data = [("Acme GmbH", "EUR", [41000, 41000, 43500]), ("Acme KK", "JPY", [5200000, 5200000, 5600000])]
    for entity, currency, values in data:
        ws.append([entity, currency, *values])
    save_book(wb, "wide_currency_per_row.xlsx")
    write_case(
        "wide_currency_per_row",
        "wide_currency_per_row.xlsx",
        [(e, None, f"2025-{m:02d}", f"{v}.00", c) for e, c, vs in data for m, v in enumerate(vs, 1)],
        config={"department": "Entity"},
        sheet="Entities",
        note="Months Jan..Mar as columns (year from the title) with a currency column per row; the budget "
        "holder is the legal entity, named in the config.",
    )
