"""Error cells (#REF!, #N/A) of an XLSX sheet. calamine reads them as blanks, so we find them in the XML."""

from __future__ import annotations

import io
import re
import zipfile

_ERROR_CELL = re.compile(rb'<c\s([^>]*?\bt="e"[^>]*)>(.*?)</c>', re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_SHEET = re.compile(rb'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"')
_REL = re.compile(
    rb'<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"|<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"'
)


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ch - 64)
    return index - 1


def xlsx_error_cells(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """{sheet name: {(row index, column index): '#REF!'}}; may raise on a damaged file."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile):
        return {}
    targets = {}
    for m in _REL.finditer(rels):
        rid, target = (m[1], m[2]) if m[1] else (m[4], m[3])
        targets[rid] = target.decode().lstrip("/")
    found: dict[str, dict[tuple[int, int], str]] = {}
    for m in _SHEET.finditer(workbook):
        target = targets.get(m[2])
        if not target:
            continue
        path = target if target.startswith("xl/") else "xl/" + target
        try:
            xml = archive.read(path)
        except KeyError:
            continue
        if b't="e"' not in xml:
            continue
        cells = {}
        for cell in _ERROR_CELL.finditer(xml):
            ref, value = _REF.search(cell[1]), _VALUE.search(cell[2])
            if ref:
                cells[(int(ref[2]) - 1, _column_index(ref[1]))] = (
                    value[1].decode() if value else ""
                ) or "#ERROR"
        if cells:
            found[_unescape(m[1].decode())] = cells
    return found


def _unescape(name: str) -> str:
    return name.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
