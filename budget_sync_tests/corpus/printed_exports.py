"""Printed-report habits and broken workbook structure (issue 8, pattern 6).

A department budget printed with dotted leaders between the line and its amount (some in one cell, some
in a leader column), and a LibreOffice-style workbook whose declared used range is malformed ('A1:AMJ')
while its cells are fine.
"""

from __future__ import annotations

import re
import zipfile

from openpyxl import Workbook

from budget_sync_tests.corpus.writers import FILES, freeze_zip, save_book, write_case, write_text


def dotted_leaders() -> None:
    rows = [
        ["Riverside Library - FY2026 operating budget"],
        ["Department", "", "Amount"],
        ["Salaries", "..............", "412,000"],
        ["Allowances ..........", "", "18,500"],
        ["Books and media ........ 96,250"],
        ["Utilities . . . . . . . . 22,000"],
    ]
    write_text("dotted_leaders.csv", rows)
    write_case(
        "dotted_leaders",
        "dotted_leaders.csv",
        [
            ("Salaries", None, "FY2026", "412000.00", "USD"),
            ("Allowances", None, "FY2026", "18500.00", "USD"),
            ("Books and media", None, "FY2026", "96250.00", "USD"),
            ("Utilities", None, "FY2026", "22000.00", "USD"),
        ],
        note="Dotted leaders are layout: labels lose them, a leader-only cell is blank, and 'label .... "
        "amount' in one cell is split into the label and the amount.",
    )


def malformed_dimension() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Budget"
    lines = [("Harbour", "Moorings", "FY2025", 12000), ("Harbour", "Dredging", "FY2025", 88000),
             ("Markets", "Stalls", "FY2025", 4300)]  # fmt: skip
    for row in [["Department", "Account", "Period", "Budget"], *lines]:
        ws.append(list(row))
    path = save_book(wb, "malformed_dimension.xlsx")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:AMJ"/>', parts[sheet])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    freeze_zip(FILES / "malformed_dimension.xlsx")
    write_case(
        "malformed_dimension",
        "malformed_dimension.xlsx",
        [(d, a, p, f"{amount}.00", "USD") for d, a, p, amount in lines],
        sheet="Budget",
        note="The declared used range 'A1:AMJ' has no row: the sheet is read by its cells instead.",
    )
