"""Error cells (#REF!, Err:502) of an ODS workbook. calamine reads them as blanks, so we find them in
content.xml: LibreOffice stores a formula's error result only as the cell's displayed text."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = f"{{{_TABLE_NS}}}table"
_ROW = f"{{{_TABLE_NS}}}table-row"
_CELL = f"{{{_TABLE_NS}}}table-cell"
_CELLS = {_CELL, f"{{{_TABLE_NS}}}covered-table-cell"}  # a covered cell (under a merge) takes a column too
_P = f"{{{_TEXT_NS}}}p"
_NAME = f"{{{_TABLE_NS}}}name"
_ROWS_REPEATED = f"{{{_TABLE_NS}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE_NS}}}number-columns-repeated"
_ERROR_TEXT = re.compile(
    r"^(?:#(?:REF!|N/A|DIV/0!|VALUE!|NAME\?|NUM!|NULL!|ERROR!?|SPILL!|CALC!|GETTING_DATA)|Err:\d{3})$", re.I
)
_MAX_REPEAT = 10_000  # an error repeated further than this is not a budget row worth listing


def ods_error_cells(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """{sheet name: {(row index, column index): '#DIV/0!'}}; may raise on a damaged file."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        with archive.open("content.xml") as part:
            if b"<!DOCTYPE" in part.read(4096).upper():
                return {}  # no entity expansion for a part we only skim
        content = archive.open("content.xml")
    except (KeyError, zipfile.BadZipFile):
        return {}
    found: dict[str, dict[tuple[int, int], str]] = {}
    cells: dict[tuple[int, int], str] = {}
    name, row, col, depth = "", 0, 0, 0
    row_errors: list[tuple[int, str]] = []
    with content:
        for event, elem in ET.iterparse(content, events=("start", "end")):
            tag = elem.tag
            if event == "start":
                if tag == _TABLE:
                    depth += 1
                    if depth == 1:
                        name, cells, row = elem.get(_NAME, ""), {}, 0
                elif tag == _ROW and depth == 1:
                    col, row_errors = 0, []
                continue
            if tag in _CELLS and depth == 1:
                repeat = _repeat(elem, _COLUMNS_REPEATED)
                if tag == _CELL:
                    # the cell's own paragraphs, not those of a comment (office:annotation) on it
                    text = "\n".join("".join(p.itertext()) for p in elem.findall(_P)).strip()
                    if text[:1] in "#Ee" and _ERROR_TEXT.match(text):
                        row_errors.extend((c, text) for c in range(col, col + min(repeat, _MAX_REPEAT)))
                col += repeat
                elem.clear()
            elif tag == _ROW and depth == 1:
                repeat = _repeat(elem, _ROWS_REPEATED)
                if row_errors:
                    for r in range(row, row + min(repeat, _MAX_REPEAT)):
                        cells.update(((r, c), text) for c, text in row_errors)
                row += repeat
                elem.clear()
            elif tag == _TABLE:
                if depth == 1 and cells:
                    found[name] = cells
                depth -= 1
                elem.clear()
    return found


def _repeat(elem: Any, attribute: str) -> int:
    try:
        return max(1, int(elem.get(attribute, "1")))
    except ValueError:
        return 1
