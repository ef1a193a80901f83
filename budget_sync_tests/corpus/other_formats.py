"""A legacy .xls (xlwt) and an OpenDocument .ods (odfpy) export."""

from __future__ import annotations

import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from budget_sync_tests.corpus.writers import FILES, freeze_zip, write_case


def legacy_xls() -> None:
    book = xlwt.Workbook()
    ws = book.add_sheet("Budget")
    rows = [
        ["Northwind Ltd - budget upload"],
        [],
        ["Cost Centre", "Nominal", "Period", "Budget", "Currency"],
        ["Leeds Depot", "Vehicle Hire", "Jan-25", 4200.0, "GBP"],
        ["Leeds Depot", "Vehicle Hire", "Feb-25", 4200.0, "GBP"],
        ["Leeds Depot", "Fuel", "Jan-25", 1830.4, "GBP"],
        ["Bristol Office", "Rates", "Jan-25", 2750.0, "GBP"],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    book.save(str(FILES / "legacy.xls"))
    write_case(
        "legacy_xls",
        "legacy.xls",
        [
            ("Leeds Depot", "Vehicle Hire", "2025-01", "4200.00", "GBP"),
            ("Leeds Depot", "Vehicle Hire", "2025-02", "4200.00", "GBP"),
            ("Leeds Depot", "Fuel", "2025-01", "1830.40", "GBP"),
            ("Bristol Office", "Rates", "2025-01", "2750.00", "GBP"),
        ],
        sheet="Budget",
        note="Excel 97 .xls with a title line; Cost Centre = department, Nominal (account) = sub-category.",
    )


def _cell(value) -> TableCell:
    if isinstance(value, (int, float)):
        cell = TableCell(valuetype="float", value=value)
        cell.addElement(P(text=str(value)))
        return cell
    cell = TableCell(valuetype="string")
    if value:
        cell.addElement(P(text=value))
    return cell


def open_document() -> None:
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Budget")
    rows = [
        ["Department", "Category", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"],
        ["Library", "Books", 12000, 8000, 8000, 15000],
        ["Library", "Digital Subscriptions", 30000, 0, 0, 0],
        ["Student Services", "Counselling", 21500.5, 21500.5, 21500.5, 21500.5],
    ]
    for row in rows:
        tr = TableRow()
        for value in row:
            tr.addElement(_cell(value))
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(FILES / "open_document.ods"))
    freeze_zip(FILES / "open_document.ods")
    budgets = []
    for dept, cat, *values in rows[1:]:
        for q, v in enumerate(values, start=1):
            budgets.append((dept, cat, f"FY2025-Q{q}", f"{v:.2f}", "USD"))
    write_case(
        "open_document",
        "open_document.ods",
        budgets,
        sheet="Budget",
        note="LibreOffice .ods with quarters '2025-Q1'.. as columns.",
    )
