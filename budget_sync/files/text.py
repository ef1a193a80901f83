"""Bytes of a text export to str: BOMs, UTF-16 without BOM, UTF-8, then Windows-1252."""

from __future__ import annotations

import codecs

from budget_sync.errors import FileReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = set(range(0, 32)) - {9, 10, 13}


def decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    """The text and the encoding used. Refuses binary content with a FileReadError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding, file_name), encoding + " with BOM"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode(data, utf16, file_name), utf16
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", errors="replace"), "windows-1252"
        if "\ufffd" in text:
            text, encoding = data.decode("latin-1"), "latin-1"
    _refuse_binary(text, file_name)
    return text, encoding


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:2000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _decode(data: bytes, encoding: str, file_name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileReadError(
            f"{file_name}: not valid {encoding} text ({exc.reason} at byte {exc.start})"
        ) from None
    _refuse_binary(text, file_name)
    return text


def _refuse_binary(text: str, file_name: str) -> None:
    sample = text[:20000]
    if not sample:
        return
    control = sum(1 for ch in sample if ord(ch) in _CONTROL)
    if control > max(2, len(sample) // 100) or "\x00" in sample:
        raise FileReadError(f"{file_name}: binary content, not a text table, CSV or spreadsheet")
