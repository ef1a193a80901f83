"""The used area of each ODS sheet, streamed from content.xml before calamine reads it.

ODS compresses a run of equal cells or rows into one element (`number-columns-repeated`,
`number-rows-repeated`); calamine expands the runs that hold a value into a dense grid (it gives up only
past 100 million cells, gigabytes later). A run counts when its cell has a value type or text, as in
calamine; runs of empty styled cells, which real files carry to the last column, do not.
"""

from __future__ import annotations

import re
import zipfile

from budget_sync.errors import FileReadError
from budget_sync.files.detect import password_protected
from budget_sync.files.xml_stream import xml_tokens
from budget_sync.files.zip_limits import MAX_CELLS

MANIFEST_BYTES = 1 << 20
_TOKEN = re.compile(
    rb"<table:table\s([^>]*)>"
    rb"|<table:table-row\b([^>]*?)(/?)>|(</table:table-row>)"
    rb"|<table:(?:covered-)?table-cell\b([^>]*?)(?:/>|>(.*?)</table:(?:covered-)?table-cell>)",
    re.S,
)
_START = re.compile(rb"<table:(?:table|table-row|table-cell|covered-table-cell)[\s/>]")
_NAME = re.compile(rb'\btable:name="([^"]*)"')
_ROWS = re.compile(rb'\btable:number-rows-repeated="([^"]*)"')
_COLUMNS = re.compile(rb'\btable:number-columns-repeated="([^"]*)"')
_TEXT = re.compile(rb"<text:p\b[^>]*>[^<]|<text:span\b[^>]*>[^<]")


def scan_ods(archive: zipfile.ZipFile, file_name: str) -> None:
    """FileReadError naming the file and sheet when a sheet's used area passes MAX_CELLS, or saying the
    file is password-protected (its manifest lists encryption data: content.xml is ciphertext)."""
    if _encrypted(archive):
        raise FileReadError(password_protected(file_name))
    try:
        info = archive.getinfo("content.xml")
    except KeyError:
        return
    unfinished = f"{file_name}: content.xml holds a cell that never ends (damaged XML); nothing was imported"
    sheet = ""
    rows = columns = row = column = repeat = 0
    filled = False
    with archive.open(info) as stream:
        for match in xml_tokens(stream, _TOKEN, _START, unfinished):
            table, row_attributes, closed, row_end, cell, body = match.groups()
            if table is not None:
                name = _NAME.search(table)
                sheet = name[1].decode(errors="replace") if name else ""
                rows = columns = row = 0
            elif row_attributes is not None:
                repeat, column, filled = _count(_ROWS, row_attributes), 0, False
                if closed:
                    row += repeat
            elif row_end is not None:
                if filled:
                    rows = row + repeat
                row += repeat
            elif cell is not None:
                width = _count(_COLUMNS, cell)
                if b"office:value-type" in cell or (body and _TEXT.search(body)):
                    filled, columns = True, max(columns, column + width)
                    if (row + repeat) * columns > MAX_CELLS:
                        raise FileReadError(_too_big(file_name, sheet, row + repeat, columns))
                column += width
            if rows * columns > MAX_CELLS:
                raise FileReadError(_too_big(file_name, sheet, rows, columns))


def _encrypted(archive: zipfile.ZipFile) -> bool:
    try:
        with archive.open("META-INF/manifest.xml") as manifest:
            return b"encryption-data" in manifest.read(MANIFEST_BYTES)
    except KeyError:
        return False


def _count(attribute: re.Pattern[bytes], attributes: bytes) -> int:
    found = attribute.search(attributes)
    if not found:
        return 1
    text = found[1].decode(errors="replace")
    if not text.isdigit() or int(text) < 1:
        return 1  # calamine's own error, if any, names it
    return int(text)


def _too_big(file_name: str, sheet: str, rows: int, columns: int) -> str:
    return (
        f"{file_name}: sheet '{sheet}' has values out to row {rows:,} and column {columns:,} (repeated "
        f"cells included), {rows * columns:,} cells, more than the {MAX_CELLS:,} cells a budget file may "
        "hold; delete the stray or repeated cells outside the table and upload again"
    )
