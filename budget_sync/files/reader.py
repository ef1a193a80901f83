"""Entry points: a path or bytes, or a 2-D list of cells, to a Table."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from budget_sync.errors import FileReadError
from budget_sync.files.csv_reader import read_csv
from budget_sync.files.detect import detect_format
from budget_sync.files.html_table import looks_like_html, read_html_tables
from budget_sync.files.spreadsheet_xml import looks_like_spreadsheet_xml, read_spreadsheet_xml
from budget_sync.files.table import Sheet, Table
from budget_sync.files.text import decode_text
from budget_sync.files.workbook import read_workbook


def read_table(path_or_bytes: Any, *, file_name: str | None = None) -> Table:
    """Read a CSV/TSV/XLSX/XLSM/XLS/ODS file given as a path or as bytes."""
    if isinstance(path_or_bytes, bytes | bytearray | memoryview):
        data = bytes(path_or_bytes)
        file_name = file_name or "uploaded file"
    else:
        path = Path(os.fspath(path_or_bytes))
        file_name = file_name or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FileReadError(f"{file_name}: cannot open the file ({exc.strerror or exc})") from None
    fmt = detect_format(data, file_name)
    if fmt == "csv":
        decoded = decode_text(data, file_name)
        text = decoded[0]
        grid = _json_grid(text)
        if grid is not None:
            return table_from_cells(grid, file_name=file_name)
        if looks_like_spreadsheet_xml(text):
            return Table(file_name=file_name, format="xml", sheets=read_spreadsheet_xml(text, file_name))
        if looks_like_html(text):
            sheets = read_html_tables(text, file_name)
            if not sheets:
                raise FileReadError(f"{file_name}: an HTML page without a table of data")
            return Table(file_name=file_name, format="html", sheets=sheets)
        sheet, _ = read_csv(data, file_name, decoded)
        return Table(file_name=file_name, format="csv", sheets=[sheet])
    return Table(file_name=file_name, format=fmt, sheets=read_workbook(data, file_name, fmt))


def table_from_cells(cells: Any, *, file_name: str | None = None, sheet: str | None = None) -> Table:
    """A Google-Sheets style 2-D list (ragged rows, formatted strings) as a one-sheet Table."""
    file_name = file_name or "cells"
    if cells is None or isinstance(cells, str | bytes) or not hasattr(cells, "__iter__"):
        raise FileReadError(f"{file_name}: expected a list of rows of cells, got {type(cells).__name__}")
    rows: list[list[Any]] = []
    for number, row in enumerate(cells, start=1):
        if row is None:
            rows.append([])
        elif isinstance(row, str | bytes) or not hasattr(row, "__iter__"):
            raise FileReadError(f"{file_name}: row {number} is not a list of cells")
        else:
            rows.append(list(row))
    return Table(file_name=file_name, format="cells", sheets=[Sheet(name=sheet or "Sheet1", rows=rows)])


def _json_grid(text: str) -> list[Any] | None:
    """A saved Google Sheets API response ({"values": [[...]]}) or a bare JSON list of rows."""
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict):
        data = data.get("values")
    if isinstance(data, list) and all(isinstance(row, list) for row in data):
        return data
    return None
