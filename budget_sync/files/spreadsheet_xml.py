"""Excel 2003 'XML Spreadsheet' files (SpreadsheetML), still produced by several planning tools' exports.

Numbers are kept as their exact text ('1234.5'), so no float is involved; DateTime cells become dates.
"""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree

from budget_sync.errors import FileReadError
from budget_sync.files.table import Sheet

NS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def looks_like_spreadsheet_xml(text: str) -> bool:
    return "urn:schemas-microsoft-com:office:spreadsheet" in text[:5000]


def read_spreadsheet_xml(text: str, file_name: str) -> list[Sheet]:
    try:
        root = ElementTree.fromstring(text.lstrip("\ufeff").encode("utf-8"))
    except ElementTree.ParseError as exc:
        raise FileReadError(f"{file_name}: damaged XML spreadsheet ({exc})") from None
    sheets = []
    for worksheet in root.iter(f"{NS}Worksheet"):
        sheet = Sheet(name=worksheet.get(f"{NS}Name") or f"Sheet{len(sheets) + 1}", rows=[])
        table = worksheet.find(f"{NS}Table")
        for row in table.iter(f"{NS}Row") if table is not None else ():
            index = int(row.get(f"{NS}Index") or len(sheet.rows) + 1) - 1
            sheet.rows.extend([] for _ in range(index - len(sheet.rows)))
            sheet.rows.append(_cells(row, index, sheet.errors))
        sheets.append(sheet)
    if not sheets:
        raise FileReadError(f"{file_name}: an XML spreadsheet without worksheets")
    return sheets


def _cells(row, row_index: int, errors: dict) -> list:
    cells: list = []
    for cell in row.iter(f"{NS}Cell"):
        column = int(cell.get(f"{NS}Index") or len(cells) + 1) - 1
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
        cells.extend([None] * int(cell.get(f"{NS}MergeAcross") or 0))
    return cells


def _date(text: str):
    try:
        return datetime.fromisoformat(text.split(".")[0])
    except ValueError:
        return text
