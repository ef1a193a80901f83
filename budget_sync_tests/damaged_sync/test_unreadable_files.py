"""Password-protected workbooks and text mixing two encodings are refused with what to do, never read as
something else (issue 9 item 8)."""

from __future__ import annotations

from budget_sync_tests.damaged_sync.conftest import HEADER, MONTH_ROWS, csv_text
from budget_sync_tests.damaged_sync.workbook_parts import (
    encrypted_xls_bytes,
    encrypted_xlsx_bytes,
    ods_bytes,
    ods_rows_xml,
)

PASSWORD = "is password-protected (encrypted); save it without a password and upload again"


def test_password_protected_xlsx_says_so(acme):
    error = acme.refused("acme.xlsx", encrypted_xlsx_bytes(), f"acme.xlsx {PASSWORD}")
    assert "XLS workbook" not in error


def test_password_protected_xls_says_so(acme):
    acme.refused("acme.xls", encrypted_xls_bytes(), f"acme.xls {PASSWORD}")


def test_password_protected_ods_says_so(acme):
    data = ods_bytes(ods_rows_xml([HEADER, *MONTH_ROWS]), encrypted=True)
    acme.refused("acme.ods", data, f"acme.ods {PASSWORD}")


def test_utf8_and_windows_1252_in_one_file_is_refused_naming_the_first_bad_line(acme):
    rows = [*MONTH_ROWS, ("Zürich", "Opex", "2025-12", "1.00", "USD")]
    data = csv_text(rows).encode() + "Genève,Opex,2025-12,2.00,USD\n".encode("cp1252")
    acme.refused(
        "mixed.csv", data, "line 83 is not valid UTF-8", "line 82 is UTF-8", "mixes UTF-8 and Windows-1252"
    )


def test_windows_1252_alone_is_read(acme):
    rows = [
        *MONTH_ROWS,
        ("Genève", "Opex", "2025-12", "2.00", "USD"),
        ("Café Crème", "Opex", "2025-12", "3.00", "USD"),
    ]
    code, data = acme.upload("b.csv", csv_text(rows).encode("cp1252"))
    assert (code, data["budgetsCreated"], data["budgetsUnchanged"]) == (0, 2, 80), data
    assert acme.budgeted("Genève") == "2.00"
