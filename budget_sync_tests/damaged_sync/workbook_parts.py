"""Hand-built XLSX files (zipfile), so a test controls every part: dimensions, cell references, sizes."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
    f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><sheets>'
    '<sheet name="Budget" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET = "xl/worksheets/sheet1.xml"
SHEET_END = "</sheetData></worksheet>"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def cell(ref: str, value: str) -> str:
    """A number cell for a plain decimal ("1080.00"), else an inline string."""
    if _NUMBER.match(value):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def rows_xml(rows: Iterable[Iterable[str]]) -> str:
    """Rows of values as <row> elements from A1, numbers as numbers."""
    out = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(row))
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def sheet_xml(body: str, dimension: str | None = None, *, end: str = SHEET_END) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}">{dim}<sheetData>{body}{end}'


def big_sheet(body: str, filler: bytes, count: int) -> tuple[str, bytes, int, str]:
    """`xlsx_bytes(None, big_sheet=...)`: the sheet `body` followed by `filler` written `count` times."""
    return sheet_xml(body, end=""), filler, count, SHEET_END


def xlsx_bytes(
    sheet: str | None, shared_strings: str | None = None, *, big_sheet: tuple | None = None
) -> bytes:
    """An XLSX with one sheet 'Budget'. `big_sheet=(head, filler, count, tail)` streams the sheet XML as
    head + filler * count + tail instead of holding it, for parts of hundreds of megabytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr(
            "xl/sharedStrings.xml",
            shared_strings or f'<?xml version="1.0"?><sst xmlns="{_MAIN}" count="0" uniqueCount="0"/>',
        )
        if big_sheet is None:
            archive.writestr(SHEET, sheet or "")
        else:
            head, filler, count, tail = big_sheet
            with archive.open(SHEET, "w", force_zip64=True) as part:
                part.write(head.encode())
                for _ in range(count):
                    part.write(filler)
                part.write(tail.encode())
    return buffer.getvalue()
