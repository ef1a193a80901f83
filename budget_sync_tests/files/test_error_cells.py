"""XLS and ODS error cells (#DIV/0!, Err:502): calamine reads them as blanks, they must become rejections."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from budget_sync.files import read_table
from budget_sync.files.ods_errors import ods_error_cells
from budget_sync.files.workbook import error_cells
from budget_sync.files.xls_errors import scan_xls
from budget_sync.mapping import map_file

ROWS = [
    ["Department", "Month", "Budget"],
    ["Sales", "Jan-25", 100],
    ["Ops", "Jan-25", None],  # the error cell goes in C3
    ["HR", "Jan-25", 50],
]


def _write_xls(path: Path, error: str | int) -> Path:
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("Budget")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    ws.row(2).set_cell_error(2, error)
    wb.save(str(path))
    return path


def _write_ods(path: Path, error: str) -> Path:
    """As LibreOffice saves a formula whose result is an error: no value, only the shown text."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Budget")
    for row in ROWS:
        tr = TableRow()
        for value in row:
            if value is None:
                cell = TableCell(formula="of:=1/0", valuetype="string", stringvalue="")
                cell.addElement(P(text=error))
            elif isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def _assert_error_row_rejected(path: Path, error: str):
    result = map_file(path)
    assert [(b.department, b.budgeted_amount) for b in result.budgets] == [("Sales", 100), ("HR", 50)]
    assert [r.row for r in result.rejected] == [3]
    assert error in result.rejected[0].reason and "C3" in result.rejected[0].reason


def test_xls_error_cell_is_a_rejection_with_its_row(tmp_path):
    path = _write_xls(tmp_path / "e.xls", "#DIV/0!")
    assert read_table(path).sheets[0].errors == {(2, 2): "#DIV/0!"}
    _assert_error_row_rejected(path, "#DIV/0!")


def test_xls_error_codes_are_named(tmp_path):
    # xlwt's own names are off ('#N/A!', '#VALUE!' as 36), so write the BIFF codes
    for code, text in [(0x2A, "#N/A"), (0x0F, "#VALUE!"), (0x17, "#REF!")]:
        path = _write_xls(tmp_path / "e.xls", code)
        assert scan_xls(path.read_bytes(), path.name) == {"Budget": {(2, 2): text}}


def test_ods_error_cell_is_a_rejection_with_its_row(tmp_path):
    path = _write_ods(tmp_path / "e.ods", "#DIV/0!")
    assert read_table(path).sheets[0].errors == {(2, 2): "#DIV/0!"}
    _assert_error_row_rejected(path, "#DIV/0!")


def test_ods_libreoffice_err_code_is_a_rejection(tmp_path):
    _assert_error_row_rejected(_write_ods(tmp_path / "e.ods", "Err:502"), "Err:502")


def _ods(body: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def test_ods_repeated_rows_and_columns_shift_the_indexes():
    data = _ods(
        '<table:table table:name="A &amp; B">'
        "<table:table-row><table:table-cell><text:p>Department</text:p></table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>'
        "<table:table-row>"
        '<table:table-cell table:number-columns-repeated="2"/>'
        '<table:table-cell table:number-columns-spanned="2"><text:p>x</text:p></table:table-cell>'
        "<table:covered-table-cell/>"
        "<table:table-cell><text:p>#REF!</text:p>"
        "<office:annotation><text:p>#N/A</text:p></office:annotation></table:table-cell>"
        "</table:table-row>"
        '<table:table-row table:number-rows-repeated="2">'
        '<table:table-cell table:number-columns-repeated="2"><text:p>#N/A</text:p></table:table-cell>'
        "</table:table-row>"
        "<table:table-row><table:table-cell><text:p>#hashtag</text:p></table:table-cell></table:table-row>"
        "</table:table>"
        '<table:table table:name="Clean"><table:table-row><table:table-cell/></table:table-row></table:table>'
    )
    assert ods_error_cells(data) == {
        "A & B": {(4, 4): "#REF!", (5, 0): "#N/A", (5, 1): "#N/A", (6, 0): "#N/A", (6, 1): "#N/A"}
    }


def test_damaged_files_lose_only_their_error_cells():
    assert error_cells("xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 not really") == {}
    assert error_cells("ods", b"PK\x03\x04 not really") == {}
    assert error_cells("ods", _ods("<table:table><table:table-row>")) == {}
