"""CSV reading: delimiters, encodings, BOMs, line endings, quoting."""

from __future__ import annotations

import pytest

from budget_sync.errors import FileReadError
from budget_sync.files import read_table
from budget_sync.files.csv_reader import sniff_delimiter

ROWS = [
    ["Department", "Period", "Budget"],
    ["Marketing", "Jan-25", "1,200.50"],
    ["Café Crème", "Feb-25", "300"],
]


def _text(delimiter: str, newline: str = "\n") -> str:
    lines = []
    for row in ROWS:
        cells = [f'"{c}"' if delimiter in c or "," in c else c for c in row]
        lines.append(delimiter.join(cells))
    return newline.join(lines) + newline


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(delimiter):
    table = read_table(_text(delimiter).encode(), file_name="b.csv")
    assert table.sheets[0].rows == ROWS


@pytest.mark.parametrize(
    "encoding,bom",
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("cp1252", b""),
    ],
)
def test_encodings_and_boms(encoding, bom):
    data = bom + _text(";", "\r\n").encode(encoding)
    rows = read_table(data, file_name="b.csv").sheets[0].rows
    assert rows == ROWS


def test_utf16_without_bom():
    data = _text("\t").encode("utf-16-le")
    assert read_table(data, file_name="b.tsv").sheets[0].rows == ROWS


def test_latin1_pound_sign():
    data = "Dept,Budget\nOps,£1.000\n".encode("latin-1")
    assert read_table(data, file_name="b.csv").sheets[0].rows[1] == ["Ops", "£1.000"]


def test_sniff_prefers_the_consistent_delimiter():
    text = "Department;Note;Budget\nSales;a, b and c;1\nOps;x, y;2\n"
    assert sniff_delimiter(text) == ";"


def test_path_and_file_name(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(_text(","), encoding="utf-8")
    table = read_table(path)
    assert table.file_name == "export.csv"
    assert table.format == "csv"
    assert table.sheets[0].rows == ROWS


def test_excel_sep_hint_line():
    data = b"sep=;\nDepartment;Note;Budget\nSales;a, b, c;1,5\n"
    rows = read_table(data, file_name="b.csv").sheets[0].rows
    assert rows == [["sep=", ""], ["Department", "Note", "Budget"], ["Sales", "a, b, c", "1,5"]]


def test_saved_sheets_api_response_is_a_grid():
    data = b'{"range": "Budget!A1:C3", "values": [["Department", "Period", "Budget"], ["Sales", "FY25", "1,000"], []]}'
    table = read_table(data, file_name="sheet.json")
    assert table.format == "cells"
    assert table.sheets[0].rows == [["Department", "Period", "Budget"], ["Sales", "FY25", "1,000"], []]
    assert read_table(b'{"not": "a grid"}', file_name="x.json").format == "csv"


def test_a_10_mb_line_is_refused_naming_the_file():
    from budget_sync.errors import FileReadError

    data = b'Department,Amount\nOps,"' + b"x" * 10_000_000 + b'"\n'
    with pytest.raises(FileReadError, match=r"^huge\.csv: cannot be read as delimited text"):
        read_table(data, file_name="huge.csv")


@pytest.mark.parametrize("delimiter,newline", [(";", "\r\n"), ("\t", "\n"), (",", "\r")])
def test_cut_last_row_is_refused_whatever_the_delimiter_and_line_end(delimiter, newline):
    text = _text(delimiter, newline)
    with pytest.raises(FileReadError, match=r"b.csv: the last row \(line 3\) has 2 of the header's 3"):
        read_table(text[: text.rindex(delimiter)].encode(), file_name="b.csv")
    assert read_table(text.rstrip(newline).encode(), file_name="b.csv").sheets[0].rows == ROWS


def test_trailing_blank_line_without_a_line_end_is_not_a_cut():
    rows = read_table((_text(",") + "  ").encode(), file_name="b.csv").sheets[0].rows
    assert rows[: len(ROWS)] == ROWS


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_utf8_mixed_with_windows_1252_names_the_first_bad_line(newline):
    data = f"Department,Budget{newline}Zürich,1{newline}".encode() + f"Genève,2{newline}".encode("cp1252")
    with pytest.raises(FileReadError, match="b.csv: line 3 is not valid UTF-8 while line 2 is UTF-8"):
        read_table(data, file_name="b.csv")
