"""Plain headers and line-item budgets (issue 8, pattern 2).

Synthetic look-alikes of published files whose headers are too plain for a synonym list alone: a 'Name'
column of departments, a camelCase 'DataValue' amount, Spanish and German headers over bare year
numbers, a grant budget with two category-like columns, and a hardware budget of stacked tables under
section headings with a vendor column.
"""

from __future__ import annotations

from openpyxl import Workbook

from budget_sync_tests.corpus.writers import save_book, write_case, write_text


def plain_name_value() -> None:
    lines = [("Harbour Authority", "2026", "1250000"), ("Bus Services", "2026", "830500"),
             ("Street Lighting", "2026", "96400"), ("Harbour Authority", "2027", "1300000")]  # fmt: skip
    write_text("plain_name_value.csv", [["Name", "Year", "DataValue"], *lines])
    write_case(
        "plain_name_value",
        "plain_name_value.csv",
        [(name, None, f"FY{year}", f"{amount}.00", "USD") for name, year, amount in lines],
        note="'Name' holds the only text names, 'Year' the years and 'DataValue' (camelCase) the money.",
    )


def spanish_approved_amounts() -> None:
    lines = [("Educación", "2025", "1.250.000,00"), ("Salud Pública", "2025", "980.400,50"),
             ("Obras Públicas", "2025", "2.400.000,00")]  # fmt: skip
    write_text("spanish_approved.csv", [["Departamento", "Periodo", "Monto aprobado"], *lines], sep=";")
    write_case(
        "spanish_approved_amounts",
        "spanish_approved.csv",
        [
            ("Educación", None, "FY2025", "1250000.00", "USD"),
            ("Salud Pública", None, "FY2025", "980400.50", "USD"),
            ("Obras Públicas", None, "FY2025", "2400000.00", "USD"),
        ],
        note="'Periodo' holds bare years, 'Monto aprobado' (approved amount) the money, decimal commas.",
    )


def german_amounts_by_year() -> None:
    lines = [("Vertrieb", "2025", "120000"), ("Einkauf", "2025", "45000"), ("Vertrieb", "2026", "125000")]
    write_text("german_betrag.csv", [["Abteilung", "Jahr", "Betrag"], *lines], sep=";")
    write_case(
        "german_amounts_by_year",
        "german_betrag.csv",
        [(dept, None, f"FY{year}", f"{amount}.00", "USD") for dept, year, amount in lines],
        note="German 'Jahr' is the year column and 'Betrag' the amount.",
    )


def grant_cost_types() -> None:
    lines = [
        ("Ranger salary", "personnel", "1", "42000", "$/year", "42000"),
        ("Ranger benefits", "benefits", "1", "12600", "$/year", "12600"),
        ("Boat fuel", "supplies", "12", "300", "$/month", "3600"),
        ("Nets", "supplies", "40", "25", "$/each", "1000"),
        ("Driver salary", "personnel", "0.5", "36000", "$/year", "18000"),
    ]
    rows = [["cost_item", "cost_type", "qty_or_fte", "unit_cost", "units", "total"], *lines]
    rows += [["", "", "", "", "SUBTOTAL", "77200"], ["Indirect costs (10%)", "other", "", "", "", "7720"]]
    rows += [["", "", "", "", "TOTAL", "84920"]]
    write_text("grant_cost_types.csv", rows)
    budgets = [(kind, item, "FY2025", f"{total}.00", "USD") for item, kind, _q, _c, _u, total in lines]
    write_case(
        "grant_cost_types",
        "grant_cost_types.csv",
        [*budgets, ("other", "Indirect costs (10%)", "FY2025", "7720.00", "USD")],
        config={"default_period": "FY2025"},
        reported=[7, 9],
        control_balanced=True,
        note="No department column: 'cost_type', whose values repeat, groups the line items of 'cost_item' "
        "and is their department; SUBTOTAL and TOTAL sit in the units column.",
    )


def stacked_item_tables() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    first = [("Card reader", 35, "Acme Parts", ""), ("Controller board", 22, "Acme Parts", "spare"),
             ("Door strike", 70, "Hardware Hut", "")]  # fmt: skip
    second = [("Camera", 48, "Hardware Hut", ""), ("Door strike", 70, "Hardware Hut", "same as above")]
    rows = [["Gate Access Project"], [], ["Front Gate"], ["Item", "Cost", "Vendor", "Notes"], *first, [],
            ["Total", 127], [], [], ["Back Gate"], ["Item", "Cost", "Vendor", "Notes"], *second, [],
            ["Total", 118]]  # fmt: skip
    for row in rows:
        ws.append(list(row))
    save_book(wb, "stacked_item_tables.xlsx")
    write_case(
        "stacked_item_tables",
        "stacked_item_tables.xlsx",
        [("Front Gate", item, "FY2025", f"{cost}.00", "USD") for item, cost, _v, _n in first]
        + [("Back Gate", item, "FY2025", f"{cost}.00", "USD") for item, cost, _v, _n in second],
        config={"default_period": "FY2025"},
        reported=[9, 16],
        control_balanced=True,
        note="Two tables, each under a section heading and its own copy of the header: the headings are the "
        "departments (the first one sits above the first header), the vendor column is not.",
    )
