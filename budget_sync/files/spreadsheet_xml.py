"""Excel 2003 'XML Spreadsheet' files (SpreadsheetML), still produced by several planning tools' exports.

Numbers are kept as their exact text ('1234.5'), so no float is involved; DateTime cells become dates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from xml.etree import ElementTree

from budget_sync.errors import FileReadError
from budget_sync.files.table import Sheet

NS = "{urn:schemas-microsoft-com:office:spreadsheet}"
MAX_ROWS = 1_048_576  # Excel's own limits: an index past them is damage, not data
MAX_COLUMNS = 16_384


def looks_like_spreadsheet_xml(text: str) -> bool:
    return "urn:schemas-microsoft-com:office:spreadsheet" in text[:5000]


def read_spreadsheet_xml(text: str, file_name: str) -> list[Sheet]:
    try:
        root = ElementTree.fromstring(text.lstrip("\ufeff").encode("utf-8"))
    except ElementTree.ParseError as exc:
        raise FileReadError(f"{file_name}: damaged XML spreadsheet ({exc})") from None
    sheets: list[Sheet] = []
    for worksheet in root.iter(f"{NS}Worksheet"):
        sheet = Sheet(name=worksheet.get(f"{NS}Name") or f"Sheet{len(sheets) + 1}", rows=[])
        table = worksheet.find(f"{NS}Table")
        for row in table.iter(f"{NS}Row") if table is not None else ():
            index = _index(row.get(f"{NS}Index"), len(sheet.rows) + 1, MAX_ROWS, "row", file_name)
            sheet.rows.extend([] for _ in range(index - len(sheet.rows)))
            sheet.rows.append(_cells(row, index, sheet.errors, file_name))
        sheets.append(sheet)
    if not sheets:
        raise FileReadError(f"{file_name}: an XML spreadsheet without worksheets")
    return sheets


def _index(text: str | None, default: int, limit: int, what: str, file_name: str) -> int:
    """0-based index from a 1-based ss:Index, checked before any list is grown to reach it."""
    if not text:
        return default - 1
    if not text.strip().isdecimal() or not 1 <= int(text) <= limit:
        raise FileReadError(
            f"{file_name}: damaged XML spreadsheet ({what} index {text[:20]!r} is not 1..{limit})"
        )
    return int(text) - 1


def _cells(row: Any, row_index: int, errors: dict[tuple[int, int], str], file_name: str) -> list[Any]:
    cells: list[Any] = []
    for cell in row.iter(f"{NS}Cell"):
        column = _index(cell.get(f"{NS}Index"), len(cells) + 1, MAX_COLUMNS, "column", file_name)
        cells.extend([None] * (column - len(cells)))
        data = cell.find(f"{NS}Data")
        kind = data.get(f"{NS}Type") if data is not None else None
        text = "".join(data.itertext()) if data is not None else ""
        if kind == "Error":
            errors[(row_index, column)] = text or "#ERROR"
            cells.append(None)
        elif kind == "DateTime":
            cells.append(_date(text))
        else:
            cells.append(text or None)
        merge = cell.get(f"{NS}MergeAcross") or "0"
        if not merge.isdecimal() or len(cells) + int(merge) > MAX_COLUMNS:
            raise FileReadError(f"{file_name}: damaged XML spreadsheet (MergeAcross {merge[:20]!r})")
        cells.extend([None] * int(merge))
    return cells


def _date(text: str) -> datetime | str:
    try:
        return datetime.fromisoformat(text.split(".")[0])
    except ValueError:
        return text
