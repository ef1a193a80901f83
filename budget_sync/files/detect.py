"""Telling a spreadsheet from a text table from something else, by content first and name second."""

from __future__ import annotations

import io
import zipfile

from budget_sync.errors import FileReadError

_IMAGE_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
    b"BM": None,
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(data: bytes, file_name: str) -> str:
    """'xlsx', 'xls', 'ods' or 'csv'; FileReadError naming the file for anything else."""
    if not data:
        raise FileReadError(f"{file_name}: the file is empty (0 bytes)")
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, file_name)
    if data.startswith(_OLE):
        if encrypted_package(data):
            raise FileReadError(password_protected(file_name))
        return "xls"
    for magic, what in _IMAGE_MAGIC.items():
        if what and data.startswith(magic):
            raise FileReadError(f"{file_name}: this is {what}, not a spreadsheet or CSV file")
    return "csv"


def password_protected(file_name: str) -> str:
    return f"{file_name} is password-protected (encrypted); save it without a password and upload again"


def encrypted_package(data: bytes) -> bool:
    """An OLE2 (compound file) container holding the EncryptionInfo and EncryptedPackage streams: Excel's
    password-protected XLSX/XLSM, which is not an XLS workbook at all.

    Directory entries are 128 bytes, sector aligned, starting with the UTF-16LE name, its byte length
    (with the terminator) at offset 64 and the entry type (2 = stream) at 66; matching all three is enough.
    """
    return all(_has_stream(data, name) for name in _ENCRYPTED_STREAMS)


_ENCRYPTED_STREAMS = ("EncryptionInfo", "EncryptedPackage")


def _has_stream(data: bytes, name: str) -> bool:
    needle = name.encode("utf-16-le") + b"\0\0"
    at = data.find(needle, 512)
    while at != -1:
        length, kind = data[at + 64 : at + 66], data[at + 66 : at + 67]
        if at % 128 == 0 and int.from_bytes(length, "little") == len(needle) and kind == b"\x02":
            return True
        at = data.find(needle, at + 1)
    return False


def _zip_format(data: bytes, file_name: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError) as exc:
        raise FileReadError(f"{file_name}: damaged zip container, not a readable workbook ({exc})") from None
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    raise FileReadError(f"{file_name}: a zip archive that holds no Excel or OpenDocument workbook")
