"""A worksheet whose declared used range (`<dimension ref=...>`) is malformed ('A1:AMJ', '$A$1:$AMJ$39').

Excel ignores the declaration and reads the cells; calamine refuses the whole workbook. The declaration
is only a hint, so the sheet is read again by content: the workbook is rebuilt in memory without the
`<dimension>` elements and read once more. The entry count and sizes are those of the original archive,
so this never inflates a file beyond what was already accepted.
"""

from __future__ import annotations

import io
import re
import zipfile

_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_REF = re.compile(rb'\bref="([^"]*)"')
_VALID = re.compile(rb"^[A-Z]{1,3}[1-9]\d{0,6}(?::[A-Z]{1,3}[1-9]\d{0,6})?$")
MAX_UNPACKED = 256 * 1024 * 1024  # the zipfile module never unpacks more than the declared sizes
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def without_dimension(data: bytes) -> bytes | None:
    """The XLSX/XLSM bytes with the malformed `<dimension>` elements removed, or None when no worksheet
    declares a malformed one (then the workbook's problem is something else and it stays refused)."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        infos = source.infolist()
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            return None
        out = io.BytesIO()
        found = False
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in infos:
                part = source.read(info.filename)
                if _SHEET_PART.match(info.filename):
                    part, repaired = _drop_malformed(part)
                    found = found or repaired
                target.writestr(info.filename, part)
    except Exception:  # a damaged archive (bad zlib data, CRC, truncation): no repair, the refusal stands
        return None
    return out.getvalue() if found else None


def _drop_malformed(part: bytes) -> tuple[bytes, bool]:
    m = _DIMENSION.search(part, 0, 8192)
    if m is None:
        return part, False
    ref = _REF.search(m[0])
    if ref is not None and _VALID.match(ref[1]):
        return part, False
    return part[: m.start()] + part[m.end() :], True
