"""A malformed declared used range ('A1:AMJ') is read by content; other damage stays refused (pattern 6)."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import pytest

from budget_sync.errors import FileReadError
from budget_sync.files import read_table
from budget_sync.files.dimension import without_dimension
from budget_sync_tests.files.writers import write_xlsx

ROWS = [
    ["Department", "Month", "Budget"],
    ["Sales", date(2025, 1, 1), 1200.5],
    ["Ops", date(2025, 2, 1), 300],
]


def with_dimension(path, ref: bytes | None, *, drop_sheet_data: bool = False):
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    if ref is not None:
        parts[sheet] = re.sub(
            rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="' + ref + b'"/>', parts[sheet]
        )
    if drop_sheet_data:
        parts[sheet] = parts[sheet].replace(b"<sheetData>", b"<sheetData><row r='x'>")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("ref", [b"A1:AMJ", b"$A$1:$AMJ$39", b"XYZ"])
def test_a_malformed_dimension_is_read_by_content(tmp_path, ref):
    path = with_dimension(write_xlsx(tmp_path / "b.xlsx", {"Budget": ROWS}), ref)
    rows = read_table(path).sheets[0].rows
    assert rows[0] == ["Department", "Month", "Budget"]
    assert rows[2][0] == "Ops" and rows[2][2] == 300


def test_a_wide_declared_range_with_few_used_columns_reads_the_cells(tmp_path):
    path = with_dimension(write_xlsx(tmp_path / "b.xlsx", {"Budget": ROWS}), b"A1:AMJ39")
    rows = read_table(path).sheets[0].rows
    assert len(rows) == 3 and rows[1][0] == "Sales"


def test_a_valid_dimension_is_left_alone_and_other_damage_stays_refused(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", {"Budget": ROWS})
    assert without_dimension(good.read_bytes()) is None
    broken = with_dimension(write_xlsx(tmp_path / "bad.xlsx", {"Budget": ROWS}), None, drop_sheet_data=True)
    with pytest.raises(FileReadError, match="bad.xlsx: cannot be read as a XLSX workbook"):
        read_table(broken)
