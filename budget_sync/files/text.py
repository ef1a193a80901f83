"""Bytes of a text export to str: BOMs, UTF-16 without BOM, UTF-8, then a legacy code page
(`legacy_encoding`: Windows-1252 unless its words look garbled)."""

from __future__ import annotations

import codecs
import re

from budget_sync.errors import FileReadError
from budget_sync.files.legacy_encoding import legacy_decode, shift_jis_text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = set(range(0, 32)) - {9, 10, 13}
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


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
    except UnicodeDecodeError as exc:
        japanese = shift_jis_text(data)
        if japanese is not None:
            _refuse_binary(japanese, file_name)
            return japanese, "shift_jis"
        _refuse_mixed(data, exc.start, file_name)
        _refuse_binary(data[:20000].decode("latin-1"), file_name)  # binary first: not an encoding question
        text, encoding = legacy_decode(data, file_name)
        if "\ufffd" in text:
            text, encoding = data.decode("latin-1"), "latin-1"
    _refuse_binary(text, file_name)
    return text, encoding


def _refuse_mixed(data: bytes, invalid_at: int, file_name: str) -> None:
    """Text that is not all UTF-8 but holds UTF-8 sequences (e.g. 'Zürich' as C3 BC) mixes two encodings:
    read as Windows-1252 its UTF-8 names would be stored garbled ('ZÃ¼rich'), so it is refused, not
    guessed. Windows-1252 text practically never has a lead byte followed by the right continuation bytes."""
    found = _UTF8_SEQUENCE.search(data)
    if found is None:
        return
    line_end = b"\n" if b"\n" in data else b"\r"  # old Mac exports end lines with CR alone
    bad_line = data.count(line_end, 0, invalid_at) + 1
    good_line = data.count(line_end, 0, found.start()) + 1
    raise FileReadError(
        f"{file_name}: line {bad_line} is not valid UTF-8 while line {good_line} is UTF-8 text: the file "
        "mixes UTF-8 and Windows-1252, so names would be stored garbled; nothing was imported, save it in "
        "one encoding (UTF-8) and upload again"
    )


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
