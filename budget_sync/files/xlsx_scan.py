"""One streaming pass over each XLSX worksheet before calamine reads it: the used area and the error cells.

calamine holds a sheet as a dense grid from A1 to its farthest value, and to_python pads it the same way,
so one value at XFD1048576 asks for 17 billion cells and the process aborts. The scan reads the sheet XML
in chunks straight from the zip (bounded memory whatever its size), follows calamine's rules for which
cells exist (a `<v>` with text, or an inline string; styled empty cells and formulas without a cached
value do not) and refuses a sheet whose area from A1 passes MAX_CELLS, or a row or cell reference outside
Excel's grid. The declared `<dimension ref>` is not used: calamine does not allocate by it, and real files
carry stale ones (`A1:AMJ39`). It also collects the error cells (#REF!, #N/A), which calamine reads as
blanks. The shared strings' declared `uniqueCount` is checked too: calamine reserves room for that many.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from budget_sync.errors import FileReadError
from budget_sync.files.xml_stream import xml_tokens
from budget_sync.files.zip_limits import MAX_CELLS

MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
MAX_SHARED_STRINGS = 8_000_000

_TOKEN = re.compile(
    rb'<(?:\w+:)?row\b([^>]*)>|<(?:\w+:)?c\b(?:[^>]*?\br="([A-Za-z]{1,4})(\d{1,9})")?([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)',
    re.S,
)
_START = re.compile(rb"<(?:\w+:)?(?:c|row)[\s/>]")
_ROW_NUMBER = re.compile(rb'\br="([^"]*)"')
_ERROR_TYPE = re.compile(rb'\bt="e"')
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>([^<]+)<")
_INLINE = re.compile(rb"<(?:\w+:)?is[\s>]")
_SHEET = re.compile(rb'<(?:\w+:)?sheet\s[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"')
_REL = re.compile(
    rb'<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"|<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"'
)
_UNIQUE_COUNT = re.compile(rb'<(?:\w+:)?sst\b[^>]*?\buniqueCount="(\d+)"')


@dataclass
class SheetScan:
    """A worksheet's used area from A1 (rows, columns holding values) and its error cells."""

    rows: int = 0
    columns: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


def scan_xlsx(archive: zipfile.ZipFile, file_name: str) -> dict[str, SheetScan]:
    """{sheet name: SheetScan}; FileReadError naming the file and sheet when it is too big or outside the
    grid. zipfile/zlib errors of a damaged part are left to the caller."""
    _check_shared_strings(archive, file_name)
    scans = {}
    for name, path in sheet_parts(archive):
        with archive.open(path) as stream:
            scans[name] = _scan_sheet(stream, name, file_name)
    return scans


def sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) of each sheet the workbook lists, in order; missing parts left out."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return []
    targets = {}
    for m in _REL.finditer(rels):
        rid, target = (m[1], m[2]) if m[1] else (m[4], m[3])
        targets[rid] = target.decode().lstrip("/")
    names = set(archive.namelist())
    parts = []
    for m in _SHEET.finditer(workbook):
        target = targets.get(m[2])
        path = target if target is None or target.startswith("xl/") else "xl/" + target
        if path in names:
            parts.append((_unescape(m[1].decode()), path))
    return parts


def _scan_sheet(stream: Any, name: str, file_name: str) -> SheetScan:
    """The common cell costs a few byte tests; the exact value test runs only for a cell that would
    widen the area, and the error test only for a cell whose XML mentions "e"."""
    scan = SheetScan()
    row = column = 0
    columns: dict[bytes, int] = {}
    unfinished = (
        f"{file_name}: sheet '{name}' holds a cell that never ends (damaged XML); nothing was imported"
    )
    for match in xml_tokens(stream, _TOKEN, _START, unfinished):
        row_attributes, letters, digits, body = match.group(1, 2, 3, 5)
        if row_attributes is not None:
            row, column = _row_number(row_attributes, row, name, file_name), 0
            continue
        if letters:
            column = columns.get(letters) or columns.setdefault(letters, _column_index(letters))
            row = int(digits)
            if row > MAX_ROWS or column > MAX_COLUMNS or not row:
                raise FileReadError(
                    f"{file_name}: sheet '{name}' has a cell {letters.decode()}{digits.decode()} outside "
                    "Excel's grid (a damaged file); nothing was imported"
                )
        else:
            column += 1
        if not body:
            continue
        cell = match[0]
        if b'"e"' in cell and _ERROR_TYPE.search(cell, 0, cell.find(b">")):
            value = _VALUE.search(body)
            scan.errors[(row - 1, column - 1)] = (
                value[1].decode(errors="replace") if value else ""
            ) or "#ERROR"
        if (row > scan.rows or column > scan.columns) and (_VALUE.search(body) or _INLINE.search(body)):
            scan.rows, scan.columns = max(scan.rows, row), max(scan.columns, column)
            if scan.rows * scan.columns > MAX_CELLS:
                raise FileReadError(_too_big(file_name, name, row, column, scan))
    return scan


def _row_number(attributes: bytes, previous: int, name: str, file_name: str) -> int:
    found = _ROW_NUMBER.search(attributes)
    if not found:
        return previous + 1
    text = found[1].decode(errors="replace")
    if not text.isdigit() or not 1 <= int(text) <= MAX_ROWS:
        raise FileReadError(
            f"{file_name}: sheet '{name}' has a row numbered '{text[:20]}', outside Excel's 1 to "
            f"{MAX_ROWS:,} (a damaged file); nothing was imported"
        )
    return int(text)


def _too_big(file_name: str, name: str, row: int, column: int, scan: SheetScan) -> str:
    return (
        f"{file_name}: sheet '{name}' has a value in cell {_column_letters(column)}{row}, so its used area "
        f"is {scan.rows:,} rows x {scan.columns:,} columns ({scan.rows * scan.columns:,} cells), more than "
        f"the {MAX_CELLS:,} cells a budget file may hold; delete the stray cells outside the table and "
        "upload again"
    )


def _check_shared_strings(archive: zipfile.ZipFile, file_name: str) -> None:
    """calamine reserves room for the declared number of strings; each takes at least 5 bytes (`<si/>`)."""
    for info in archive.infolist():
        if not info.filename.lower().endswith("sharedstrings.xml"):
            continue
        with archive.open(info) as stream:
            head = stream.read(4096)
        declared = _UNIQUE_COUNT.search(head)
        if declared and int(declared[1]) > min(MAX_SHARED_STRINGS, info.file_size // 5 + 1):
            raise FileReadError(
                f"{file_name}: part {info.filename} declares {int(declared[1]):,} strings, more than it "
                "can hold or than a budget file needs (a damaged file); nothing was imported"
            )


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + (ch - 64)
    return index


def _column_letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _unescape(name: str) -> str:
    return name.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
