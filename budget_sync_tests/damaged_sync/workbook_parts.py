"""Hand-built XLSX files (zipfile), so a test controls every part: dimensions, cell references, sizes."""

from __future__ import annotations

import io
import os
import re
import struct
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


_END_OF_CHAIN, _FREE, _FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def encrypted_xlsx_bytes() -> bytes:
    """What Excel writes for a password-protected XLSX: an OLE2 compound file (header, one FAT sector, one
    directory sector) whose root holds the EncryptionInfo and EncryptedPackage streams (left empty)."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 44, 1, 1, 0, 4096, _END_OF_CHAIN, 0, _END_OF_CHAIN, 0)
    struct.pack_into("<I", header, 76, 0)
    for slot in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * slot, _FREE)
    fat = struct.pack("<II", _FAT_SECTOR, _END_OF_CHAIN) + struct.pack("<I", _FREE) * 126
    entries = [("Root Entry", 5, 2), ("EncryptionInfo", 2, _FREE), ("EncryptedPackage", 2, _FREE)]
    directory = b"".join(_directory_entry(*entry) for entry in entries) + _directory_entry("", 0, _FREE)
    return bytes(header) + fat + directory


def _directory_entry(name: str, kind: int, child: int) -> bytes:
    entry = bytearray(128)
    encoded = name.encode("utf-16-le") + b"\0\0" if name else b""
    entry[: len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
    right = 2 if name == "EncryptionInfo" else _FREE  # siblings: EncryptionInfo -> EncryptedPackage
    struct.pack_into("<III", entry, 68, _FREE, right, child)
    struct.pack_into("<II", entry, 116, _END_OF_CHAIN, 0)
    return bytes(entry)


def encrypted_xls_bytes() -> bytes:
    """An XLS (xlwt) whose workbook stream carries a FILEPASS record right after BOF, as Excel writes a
    workbook encrypted with a password to open."""
    import xlwt
    from xlwt.CompoundDoc import XlsDoc

    book = xlwt.Workbook()
    book.add_sheet("Budget").write(0, 0, "Department")
    stream = book.get_biff_data()
    after_bof = 4 + struct.unpack_from("<H", stream, 2)[0]
    filepass = struct.pack("<HHHHH", 0x002F, 54, 1, 1, 1) + bytes(48)
    buffer = io.BytesIO()
    XlsDoc().save(buffer, stream[:after_bof] + filepass + stream[after_bof:])
    return buffer.getvalue()


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
_ODS_MANIFEST = (
    '<?xml version="1.0"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


_ENCRYPTION_DATA = (
    'manifest:media-type="text/xml" manifest:size="1024"><manifest:encryption-data '
    'manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
    'manifest:checksum="AAAA"><manifest:algorithm '
    'manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/>'
    '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" '
    'manifest:iteration-count="100000" manifest:salt="AAAA"/></manifest:encryption-data></manifest:file-entry>'
)


def ods_rows_xml(rows: Iterable[Iterable[str]]) -> str:
    """Rows of values as <table:table-row> elements, plain decimals as float cells."""
    out = []
    for row in rows:
        cells = []
        for value in row:
            if _NUMBER.match(value):
                cells.append(
                    f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>"
                )
            else:
                cells.append(
                    f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'
                )
        out.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    return "".join(out)


def ods_bytes(table_body: str, *, encrypted: bool = False) -> bytes:
    """An ODS with one sheet 'Budget' holding `table_body` (rows); `encrypted` lists encryption data for
    content.xml in the manifest and stores random bytes for it, as LibreOffice's "Save with password"."""
    content = (
        f'<?xml version="1.0"?><office:document-content {_ODS_NS} office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="Budget">{table_body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        manifest = _ODS_MANIFEST
        if encrypted:
            entry = 'manifest:media-type="text/xml"/>'
            manifest = manifest.replace(entry, _ENCRYPTION_DATA)
            content = os.urandom(len(content))
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def xls_bytes(rows: Iterable[Iterable[str]], far: tuple[int, int] | None = None) -> bytes:
    """An XLS (xlwt) of `rows` on sheet 'Budget', plain decimals as numbers; `far` adds the value 1 at
    that (row, column) index, e.g. (65535, 255) for IV65536, the last cell of the grid."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Budget")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, float(value) if _NUMBER.match(value) else value)
    if far:
        sheet.write(*far, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
