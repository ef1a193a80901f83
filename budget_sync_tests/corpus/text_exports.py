"""CSV, TSV and other text exports, each written next to the budgets a person reads off it."""

from __future__ import annotations

from budget_sync_tests.corpus.writers import NBSP, write_case, write_text

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def plain_long() -> None:
    rows = [
        ["Department", "Sub Category", "Fiscal Period", "Budgeted Amount", "Currency"],
        ["Sales", "Travel", "2025-01", "12000.00", "USD"],
        ["Sales", "Travel", "2025-02", "12000.00", "USD"],
        ["Sales", "Software", "2025-01", "4500.50", "USD"],
        ["Marketing", "Events", "2025-01", "30000", "USD"],
        ["Marketing", "", "2025-02", "8000.00", "USD"],
        ["Engineering", "Salaries", "2025-01", "250000.00", "USD"],
        ["Engineering", "Cloud Hosting", "2025-01", "41999.99", "USD"],
        ["Customer  Success", "Training", "2025-03", "0.00", "USD"],
    ]
    write_text("plain_long.csv", rows)
    write_case(
        "plain_long",
        "plain_long.csv",
        [
            ("Sales", "Travel", "2025-01", "12000.00", "USD"),
            ("Sales", "Travel", "2025-02", "12000.00", "USD"),
            ("Sales", "Software", "2025-01", "4500.50", "USD"),
            ("Marketing", "Events", "2025-01", "30000.00", "USD"),
            ("Marketing", None, "2025-02", "8000.00", "USD"),
            ("Engineering", "Salaries", "2025-01", "250000.00", "USD"),
            ("Engineering", "Cloud Hosting", "2025-01", "41999.99", "USD"),
            ("Customer Success", "Training", "2025-03", "0.00", "USD"),
        ],
        note="Plain long layout; an empty sub-category is None; inner double space collapsed.",
    )


def semicolon_european() -> None:
    rows = [
        ["Department", "Expense Type", "Period", "Budget"],
        ["Geschäftsführung", "Reisekosten", "Q1 2025", "1.234,56 €"],
        ["Geschäftsführung", "Reisekosten", "Q2 2025", "2.500,00 €"],
        ["Forschung & Entwicklung", "Gehälter", "Q1 2025", "125.000,00 €"],
        ["Forschung & Entwicklung", "Software", "Q1 2025", "9.876,50 €"],
        ["Büro München", "Miete", "Q1 2025", f"18{NBSP}000,00 €"],
        ["Büro München", "Gutschrift", "Q1 2025", "-450,75 €"],
    ]
    write_text("semicolon_european_cp1252.csv", rows, sep=";", encoding="cp1252", newline="\r\n")
    write_case(
        "semicolon_european_cp1252",
        "semicolon_european_cp1252.csv",
        [
            ("Geschäftsführung", "Reisekosten", "FY2025-Q1", "1234.56", "EUR"),
            ("Geschäftsführung", "Reisekosten", "FY2025-Q2", "2500.00", "EUR"),
            ("Forschung & Entwicklung", "Gehälter", "FY2025-Q1", "125000.00", "EUR"),
            ("Forschung & Entwicklung", "Software", "FY2025-Q1", "9876.50", "EUR"),
            ("Büro München", "Miete", "FY2025-Q1", "18000.00", "EUR"),
            ("Büro München", "Gutschrift", "FY2025-Q1", "-450.75", "EUR"),
        ],
        note="Windows-1252, semicolons, CRLF, European decimals, NBSP thousands; the euro sign sets EUR.",
    )


def legacy_code_pages() -> None:
    """Cyrillic (Windows-1251) and Polish (Windows-1250) exports: read as Windows-1252 their names would be
    stored garbled ('Áóõãàëòåðèÿ', 'Ksiêgowoœæ'); their words tell the code page."""
    cyrillic = [
        ["Department", "Category", "Period", "Amount", "Currency"],
        ["Бухгалтерия", "Канцелярия", "2025-01", "1200.00", "RUB"],
        ["Бухгалтерия", "Командировки", "2025-01", "5400.00", "RUB"],
        ["Отдел продаж", "Реклама", "2025-02", "30000.00", "RUB"],
    ]
    write_text("cyrillic_cp1251.csv", cyrillic, encoding="cp1251")
    write_case(
        "cyrillic_cp1251",
        "cyrillic_cp1251.csv",
        [
            ("Бухгалтерия", "Канцелярия", "2025-01", "1200.00", "RUB"),
            ("Бухгалтерия", "Командировки", "2025-01", "5400.00", "RUB"),
            ("Отдел продаж", "Реклама", "2025-02", "30000.00", "RUB"),
        ],
        note="Windows-1251: the Cyrillic names are kept as written, not read as Windows-1252.",
    )
    polish = [
        ["Department", "Category", "Period", "Amount", "Currency"],
        ["Księgowość", "Biuro", "2025-01", "1200.00", "PLN"],
        ["Sprzedaż", "Podróże służbowe", "2025-01", "800.00", "PLN"],
        ["Zarząd", "Szkolenia", "2025-02", "450.00", "PLN"],
    ]
    write_text("polish_cp1250.csv", polish, encoding="cp1250")
    write_case(
        "polish_cp1250",
        "polish_cp1250.csv",
        [
            ("Księgowość", "Biuro", "2025-01", "1200.00", "PLN"),
            ("Sprzedaż", "Podróże służbowe", "2025-01", "800.00", "PLN"),
            ("Zarząd", "Szkolenia", "2025-02", "450.00", "PLN"),
        ],
        note="Windows-1250: 'ł' and 'ż' are symbols at those bytes in Windows-1252 ('³', '¿'), so the words tell.",
    )


def tab_separated() -> None:
    rows = [
        ["Team", "Account", "Month", "Plan"],
        ["Platform", "Cloud Hosting", "January 2025", "18000"],
        ["Platform", "Cloud Hosting", "February 2025", "18500"],
        ["Platform", "Contractors", "January 2025", "22000.50"],
        ["Design", "Software", "January 2025", "3200"],
        ["Design", "Software", "March 2025", "3200"],
    ]
    write_text("tab_separated.tsv", rows, sep="\t")
    write_case(
        "tab_separated",
        "tab_separated.tsv",
        [
            ("Platform", "Cloud Hosting", "2025-01", "18000.00", "USD"),
            ("Platform", "Cloud Hosting", "2025-02", "18500.00", "USD"),
            ("Platform", "Contractors", "2025-01", "22000.50", "USD"),
            ("Design", "Software", "2025-01", "3200.00", "USD"),
            ("Design", "Software", "2025-03", "3200.00", "USD"),
        ],
        note="Tab separated; Team = department, Account = sub-category, 'January 2025' months; USD default.",
    )


def pipe_delimited() -> None:
    rows = [
        ["Cost Center", "GL Account", "Fiscal Year", "Amount"],
        ["CC-100 Finance", "6100 Travel", "FY25", "24000"],
        ["CC-100 Finance", "6200 Software", "FY25", "18500.25"],
        ["CC-200 Sales", "6100 Travel", "FY 2025", "96000"],
        ["CC-200 Sales", "6300 Commissions", "FY 2025", "410000"],
        ["CC-300 IT", "6200 Software", "FY2026", "150000"],
    ]
    write_text("pipe_delimited.csv", rows, sep="|")
    write_case(
        "pipe_delimited",
        "pipe_delimited.csv",
        [
            ("CC-100 Finance", "6100 Travel", "FY2025", "24000.00", "USD"),
            ("CC-100 Finance", "6200 Software", "FY2025", "18500.25", "USD"),
            ("CC-200 Sales", "6100 Travel", "FY2025", "96000.00", "USD"),
            ("CC-200 Sales", "6300 Commissions", "FY2025", "410000.00", "USD"),
            ("CC-300 IT", "6200 Software", "FY2026", "150000.00", "USD"),
        ],
        note="Pipe delimited; FY25 / FY 2025 / FY2026 spellings.",
    )


def utf16_bom() -> None:
    rows = [
        ["Department", "Period", "Budget", "Currency"],
        ["Zürich Office", "01/2025", "50000.00", "CHF"],
        ["Zürich Office", "02/2025", "50000.00", "CHF"],
        ["São Paulo Office", "01/2025", "275000.00", "BRL"],
        ["Kraków R&D", "01/2025", "180000.00", "PLN"],
        ["東京 Sales", "01/2025", "9500000", "JPY"],
    ]
    write_text("utf16_bom.csv", rows, sep="\t", encoding="utf-16", newline="\r\n")
    write_case(
        "utf16_bom",
        "utf16_bom.csv",
        [
            ("Zürich Office", None, "2025-01", "50000.00", "CHF"),
            ("Zürich Office", None, "2025-02", "50000.00", "CHF"),
            ("São Paulo Office", None, "2025-01", "275000.00", "BRL"),
            ("Kraków R&D", None, "2025-01", "180000.00", "PLN"),
            ("東京 Sales", None, "2025-01", "9500000.00", "JPY"),
        ],
        note="Excel 'Unicode text': UTF-16 LE with BOM, tabs, CRLF; 01/2025 months; currency column.",
    )


def amount_spellings() -> None:
    rows = [
        ["Department", "Category", "Period", "Budget"],
        ["Sales", "Travel", "Jan-25", "$1,200.00"],
        ["Sales", "Software", "Jan-25", "USD 1,200"],
        ["Sales", "Refunds", "Jan-25", "(2,500)"],
        ["Marketing", "Events", "Jan-25", "-"],
        ["Marketing", "Agency", "Jan-25", f"12{NBSP}500.00"],
        ["Marketing", "Print", "Jan-25", "($300.00)"],
        ["Finance", "Audit", "Jan-25", "  45,000  "],
        ["Finance", "Legal", "Jan-25", ""],
        ["Finance", "Insurance", "Jan-25", "1 250.75"],
        ["Finance", "Vendor Credit", "Jan-25", "-$350.00"],
    ]
    write_text("amount_spellings.csv", rows, encoding="utf-8-sig", newline="\r\n")
    write_case(
        "amount_spellings",
        "amount_spellings.csv",
        [
            ("Sales", "Travel", "2025-01", "1200.00", "USD"),
            ("Sales", "Software", "2025-01", "1200.00", "USD"),
            ("Sales", "Refunds", "2025-01", "-2500.00", "USD"),
            ("Marketing", "Events", "2025-01", "0.00", "USD"),
            ("Marketing", "Agency", "2025-01", "12500.00", "USD"),
            ("Marketing", "Print", "2025-01", "-300.00", "USD"),
            ("Finance", "Audit", "2025-01", "45000.00", "USD"),
            ("Finance", "Insurance", "2025-01", "1250.75", "USD"),
            ("Finance", "Vendor Credit", "2025-01", "-350.00", "USD"),
        ],
        note="UTF-8 BOM + CRLF. $, USD code, accounting negatives, '-' as zero, NBSP and space thousands; "
        "the blank Legal amount yields no budget and is not a rejection.",
    )


def quarters_columns() -> None:
    data = [
        ("Sales", "Travel", ["30000", "30000", "25000", "35000"]),
        ("Sales", "Events", ["10000", "0", "45000", "5000"]),
        ("Engineering", "Contractors", ["60000", "60000", "", "40000"]),
        ("Finance", "Audit", ["0", "0", "0", "85000"]),
    ]
    rows = [["Department", "Category", "Q1 FY25", "Q2 FY25", "Q3 FY25", "Q4 FY25", "FY25 Total"]]
    budgets = []
    for dept, cat, values in data:
        total = sum(int(v) for v in values if v)
        rows.append([dept, cat, *values, str(total)])
        for q, v in enumerate(values, start=1):
            if v:
                budgets.append((dept, cat, f"FY2025-Q{q}", f"{v}.00", "USD"))
    write_text("quarters_columns.csv", rows)
    write_case(
        "quarters_columns",
        "quarters_columns.csv",
        budgets,
        note="Quarters as columns 'Q1 FY25'; a row total column at the right is left out; blank cell = no budget.",
    )


def years_columns() -> None:
    rows = [
        ["Department", "Expense Type", "FY2025", "FY2026", "FY2027"],
        ["Sales", "Headcount", "1200000", "1350000", "1500000"],
        ["Sales", "Travel", "150000", "160000", "170000"],
        ["Engineering", "Headcount", "3400000", "3900000", "4300000"],
        ["Engineering", "Cloud Hosting", "480000", "520000", ""],
    ]
    write_text("years_columns.csv", rows)
    budgets = []
    for dept, cat, *values in rows[1:]:
        for year, v in zip(("FY2025", "FY2026", "FY2027"), values, strict=True):
            if v:
                budgets.append((dept, cat, year, f"{v}.00", "USD"))
    write_case(
        "years_columns", "years_columns.csv", budgets, note="Three-year plan, fiscal years as columns."
    )


def year_and_month_columns() -> None:
    rows = [
        ["Fiscal Year", "Month", "Department", "Account", "Amount"],
        ["2025", "Jan", "Support", "Salaries", "64000"],
        ["2025", "Feb", "Support", "Salaries", "64000"],
        ["2025", "Mar", "Support", "Salaries", "66500"],
        ["2025", "Jan", "Support", "Telephony", "2100.40"],
        ["2026", "Jan", "Support", "Salaries", "70000"],
    ]
    write_text("year_and_month_columns.csv", rows)
    write_case(
        "year_and_month_columns",
        "year_and_month_columns.csv",
        [
            ("Support", "Salaries", "2025-01", "64000.00", "USD"),
            ("Support", "Salaries", "2025-02", "64000.00", "USD"),
            ("Support", "Salaries", "2025-03", "66500.00", "USD"),
            ("Support", "Telephony", "2025-01", "2100.40", "USD"),
            ("Support", "Salaries", "2026-01", "70000.00", "USD"),
        ],
        note="The period is the year column plus the month column (fiscal year starts in January).",
    )


def amount_header_year() -> None:
    rows = [
        ["Department", "Sub-Category", "FY2025 Budget", "Notes"],
        ["Legal", "Outside Counsel", "220,000", "Two open matters"],
        ["Legal", "Filing Fees", "15,500", ""],
        ["People", "Recruiting", "95,000", "Includes agency fees"],
        ["People", "Training", "40,250.50", ""],
    ]
    write_text("amount_header_year.csv", rows)
    write_case(
        "amount_header_year",
        "amount_header_year.csv",
        [
            ("Legal", "Outside Counsel", "FY2025", "220000.00", "USD"),
            ("Legal", "Filing Fees", "FY2025", "15500.00", "USD"),
            ("People", "Recruiting", "FY2025", "95000.00", "USD"),
            ("People", "Training", "FY2025", "40250.50", "USD"),
        ],
        note="The period comes from the amount header 'FY2025 Budget'; the Notes column is ignored.",
    )


def scale_k() -> None:
    rows = [
        ["Department", "Category", "Period", "Budget ($K)"],
        ["Sales", "Travel", "FY25", "125.5"],
        ["Sales", "Headcount", "FY25", "1,250"],
        ["Operations", "Facilities", "FY25", "87.25"],
    ]
    write_text("scale_k.csv", rows)
    write_case(
        "scale_k",
        "scale_k.csv",
        [
            ("Sales", "Travel", "FY2025", "125500.00", "USD"),
            ("Sales", "Headcount", "FY2025", "1250000.00", "USD"),
            ("Operations", "Facilities", "FY2025", "87250.00", "USD"),
        ],
        note="'$K' in the amount header: values are thousands.",
    )


def scale_000s() -> None:
    rows = [
        ["Business Unit", "Expense Type", "Quarter", "Plan $000s"],
        ["Retail", "Marketing", "2025-Q1", "2,400"],
        ["Retail", "Marketing", "2025-Q2", "1,950.5"],
        ["Wholesale", "Logistics", "2025-Q1", "310"],
    ]
    write_text("scale_000s.csv", rows)
    write_case(
        "scale_000s",
        "scale_000s.csv",
        [
            ("Retail", "Marketing", "FY2025-Q1", "2400000.00", "USD"),
            ("Retail", "Marketing", "FY2025-Q2", "1950500.00", "USD"),
            ("Wholesale", "Logistics", "FY2025-Q1", "310000.00", "USD"),
        ],
        note="'$000s' in the header: values are thousands; Business Unit = department.",
    )


def scale_m() -> None:
    rows = [
        ["Division", "Year", "Budget ($M)"],
        ["North America", "FY2025", "12.5"],
        ["EMEA", "FY2025", "7.25"],
        ["APAC", "FY2025", "3.125"],
    ]
    write_text("scale_m.csv", rows)
    write_case(
        "scale_m",
        "scale_m.csv",
        [
            ("North America", None, "FY2025", "12500000.00", "USD"),
            ("EMEA", None, "FY2025", "7250000.00", "USD"),
            ("APAC", None, "FY2025", "3125000.00", "USD"),
        ],
        note="'$M' in the header: values are millions; Division = department.",
    )


def currency_column() -> None:
    rows = [
        ["Department", "Period", "Amount", "Currency"],
        ["US Sales", "2025-Q1", "150000.00", "USD"],
        ["EU Sales", "2025-Q1", "120000.00", "EUR"],
        ["UK Sales", "2025-Q1", "90000.00", "GBP"],
        ["Japan Sales", "2025-Q1", "12000000", "JPY"],
        ["Canada Sales", "2025-Q1", "60000.00", "cad"],
    ]
    write_text("currency_column.csv", rows)
    write_case(
        "currency_column",
        "currency_column.csv",
        [
            ("US Sales", None, "FY2025-Q1", "150000.00", "USD"),
            ("EU Sales", None, "FY2025-Q1", "120000.00", "EUR"),
            ("UK Sales", None, "FY2025-Q1", "90000.00", "GBP"),
            ("Japan Sales", None, "FY2025-Q1", "12000000.00", "JPY"),
            ("Canada Sales", None, "FY2025-Q1", "60000.00", "CAD"),
        ],
        note="Currency column with mixed currencies; a lowercase code is still the ISO code.",
    )


def symbol_currency() -> None:
    rows = [
        ["Department", "Period", "Budget"],
        ["London", "FY2025", "£12,000.00"],
        ["Dublin", "FY2025", "€8,500.00"],
        ["New York", "FY2025", "$20,000.00"],
        ["Manchester", "FY2025", "£ 4,250.50"],
    ]
    write_text("symbol_currency.csv", rows)
    write_case(
        "symbol_currency",
        "symbol_currency.csv",
        [
            ("London", None, "FY2025", "12000.00", "GBP"),
            ("Dublin", None, "FY2025", "8500.00", "EUR"),
            ("New York", None, "FY2025", "20000.00", "USD"),
            ("Manchester", None, "FY2025", "4250.50", "GBP"),
        ],
        note="No currency column: each amount's symbol decides its currency. ",
    )


def utf8_accents() -> None:
    rows = [
        ["Department", "Category", "Period", "Budget"],
        ["Café Operations", "Pâtisserie Supplies", "2025-04", "3200.00"],
        ["Café Operations", "Équipement", "2025-04", "910.00"],
        ["Señalización", "Diseño", "2025-05", "1475.25"],
    ]
    write_text("utf8_accents.csv", rows)
    write_case(
        "utf8_accents",
        "utf8_accents.csv",
        [
            ("Café Operations", "Pâtisserie Supplies", "2025-04", "3200.00", "USD"),
            ("Café Operations", "Équipement", "2025-04", "910.00", "USD"),
            ("Señalización", "Diseño", "2025-05", "1475.25", "USD"),
        ],
        note="UTF-8 without a BOM: accents must not turn into mojibake ('CafÃ©').",
    )


def excel_sep_line() -> None:
    rows = [
        ["sep=;"],
        ["Department", "Category", "Period", "Budget"],
        ["Antwerp Port", "Cranes", "FY2025", "1.250.000,00"],
        ["Antwerp Port", "Dredging", "FY2025", "480.000,00"],
    ]
    write_text("excel_sep_line.csv", rows, sep=";", newline="\r\n")
    write_case(
        "excel_sep_line",
        "excel_sep_line.csv",
        [
            ("Antwerp Port", "Cranes", "FY2025", "1250000.00", "EUR"),
            ("Antwerp Port", "Dredging", "FY2025", "480000.00", "EUR"),
        ],
        config={"default_currency": "EUR"},
        note="Excel's 'sep=;' first line names the delimiter; it is not a title or a header. The customer's "
        "default currency is EUR.",
    )
