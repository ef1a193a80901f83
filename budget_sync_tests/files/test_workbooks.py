"""XLSX, XLSM, XLS and ODS through calamine: values, cached formulas, dates, error cells, hidden sheets."""

from __future__ import annotations

from datetime import date

import openpyxl

from budget_sync.files import read_table
from budget_sync_tests.files.writers import write_ods, write_xls, write_xlsx

ROWS = [
    ["Department", "Month", "Budget"],
    ["Sales", date(2025, 1, 1), 1200.5],
    ["Ops", date(2025, 2, 1), 300],
]


def _values(rows):
    return [[c.date() if hasattr(c, "date") and callable(c.date) else c for c in row] for row in rows]


def test_xlsx_values_and_date_cells(tmp_path):
    table = read_table(write_xlsx(tmp_path / "b.xlsx", {"Budget": ROWS}))
    assert table.format == "xlsx"
    rows = _values(table.sheets[0].rows)
    assert rows[1] == ["Sales", date(2025, 1, 1), 1200.5]
    assert rows[2][2] == 300


def test_xls_and_ods(tmp_path):
    for path in (
        write_xls(tmp_path / "b.xls", {"Budget": ROWS}),
        write_ods(tmp_path / "b.ods", {"Budget": ROWS}),
    ):
        table = read_table(path)
        rows = _values(table.sheets[0].rows)
        assert rows[0] == ["Department", "Month", "Budget"], path.name
        assert rows[1][1] == date(2025, 1, 1), path.name
        assert float(rows[1][2]) == 1200.5, path.name


def test_cached_formula_values_are_read(tmp_path):
    path = tmp_path / "f.xlsx"
    write_xlsx(path, {"Budget": [["Department", "Q1", "Q2"], ["Sales", 100, 200]]})
    # A formula whose cached value Excel stored: write the XML value by hand through openpyxl's writer.
    wb = openpyxl.load_workbook(path)
    wb["Budget"]["D1"] = "Total"
    wb["Budget"]["D2"] = "=B2+C2"
    wb.save(path)
    _set_cached_value(path, "D2", "300")
    rows = read_table(path).sheets[0].rows
    assert rows[1][3] == 300


def _set_cached_value(path, ref, value):
    import shutil
    import zipfile

    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index(f'<c r="{ref}"')
                end = text.index("</c>", start)
                cell = text[start:end]
                text = (
                    text[:start]
                    + cell.replace("<v></v>", "").replace("<v />", "")
                    + f"<v>{value}</v>"
                    + text[end:]
                )
                data = text.encode()
            dst.writestr(item, data)
    shutil.move(tmp, path)


def test_error_cells_are_recovered_from_xlsx(tmp_path):
    path = write_xlsx(
        tmp_path / "e.xlsx", {"Budget": [["Department", "Budget"], ["Sales", "#REF!"], ["Ops", "#N/A"]]}
    )
    sheet = read_table(path).sheets[0]
    assert sheet.errors == {(1, 1): "#REF!", (2, 1): "#N/A"}


def test_hidden_sheets_are_marked(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", {"Budget": ROWS, "Lookup": [["a", 1]]}, hidden=("Lookup",))
    sheets = {s.name: s.hidden for s in read_table(path).sheets}
    assert sheets == {"Budget": False, "Lookup": True}


def test_xlsm_reads_like_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "b.xlsx", {"Budget": ROWS})
    macro = path.rename(tmp_path / "b.xlsm")
    assert read_table(macro).sheets[0].rows[0] == ["Department", "Month", "Budget"]


def test_row_numbers_match_the_file_when_the_sheet_starts_lower(tmp_path):
    path = tmp_path / "low.xlsx"
    wb = openpyxl.Workbook()
    wb.active["C4"] = "Department"
    wb.save(path)
    rows = read_table(path).sheets[0].rows
    assert rows[3][2] == "Department"
