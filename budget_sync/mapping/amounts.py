"""Amount cells to Decimal: symbols and codes, separators, European decimals, accounting negatives.

Never goes through float arithmetic: a float cell is read from its shortest repr, and values with more
than 15 significant digits (binary noise such as 0.30000000000000004) are rounded to the 15 digits a
spreadsheet shows.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from budget_sync.mapping.currencies import CODES, SYMBOLS

ERROR_CELL = re.compile(
    r"^(?:#(?:REF!|N/A|DIV/0!|VALUE!|NAME\?|NUM!|NULL!|ERROR!?|SPILL!|CALC!|GETTING_DATA)|Err:\d{3})$", re.I
)
_PLAIN = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][-+]?\d{1,3})?$")
_SYMBOL_RE = re.compile("|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True)))
_CODE_RE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']")
_SUFFIX = re.compile(r"^(.*?)\s*(k|K|m|M|mm|MM|bn|BN|B)$")
_SUFFIX_SCALE = {"k": 1000, "m": 1000000, "mm": 1000000, "bn": 1000000000, "b": 1000000000}
_DASHES = {"-", "–", "—", "--", "−"}
_NUMBER = re.compile(r"^\d[\d.,]*$|^[.,]\d+$")


class AmountError(ValueError):
    """The cell is not an amount; the message says what it holds."""


def is_error_cell(value: Any) -> bool:
    """Excel / Google Sheets errors (#REF!, #N/A...) and LibreOffice's Err:502."""
    return isinstance(value, str) and value[:1] in "#Ee" and bool(ERROR_CELL.match(value.strip()))


def float_to_decimal(value: float) -> Decimal:
    text = repr(value)
    if "e" in text or "inf" in text or "nan" in text or len(text.lstrip("-").replace(".", "")) > 15:
        if value != value or value in (float("inf"), float("-inf")):
            raise AmountError(f"'{value}' is not a number")
        text = format(value, ".15g")
    return Decimal(text)


def parse_amount(value: Any, *, decimal_comma: bool = False) -> tuple[Decimal | None, str | None]:
    """(amount, currency or None) for one cell; (None, None) for a blank cell. AmountError otherwise."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        raise AmountError(f"'{value}' is a yes/no value, not an amount")
    if isinstance(value, float):
        return float_to_decimal(value), None
    if isinstance(value, int | Decimal):
        return Decimal(value), None
    if isinstance(value, date):
        raise AmountError(f"'{value.isoformat()}' is a date, not an amount")
    text = str(value).strip()
    if not text:
        return None, None
    if _PLAIN.match(text) and not decimal_comma:
        return Decimal(text), None
    return _parse_text(text, decimal_comma)


def _parse_text(text: str, decimal_comma: bool) -> tuple[Decimal, str | None]:
    if is_error_cell(text):
        raise AmountError(f"error cell {text.upper()}")
    original = text
    negative = False
    currency = None
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    symbol = _SYMBOL_RE.search(text)
    if symbol:
        currency = SYMBOLS[symbol[0]]
        text = text[: symbol.start()] + text[symbol.end() :]
    code = _CODE_RE.search(text)
    if code and code[1] in CODES:
        currency = code[1]
        text = text[: code.start()] + text[code.end() :]
    text = _SPACES.sub("", text)
    if text.startswith("(") and text.endswith(")"):
        negative, text = not negative, text[1:-1]
    if text.startswith("-") or text.startswith("−"):
        negative, text = not negative, text[1:]
    elif text.endswith("-"):
        negative, text = not negative, text[:-1]
    elif text.startswith("+"):
        text = text[1:]
    if text in _DASHES or (not text and original.strip() in _DASHES):
        return Decimal("0"), currency
    scale = 1
    suffix = _SUFFIX.match(text)
    if suffix and suffix[1]:
        scale, text = _SUFFIX_SCALE[suffix[2].lower()], suffix[1]
    if not _NUMBER.match(text):
        raise AmountError(f"'{original}' is not a number")
    amount = Decimal(normalize_separators(text, decimal_comma)) * scale
    return (-amount if negative else amount), currency


def normalize_separators(text: str, decimal_comma: bool) -> str:
    """'1.234,56' / '1,234.56' / '1,5' -> '1234.56' / '1234.56' / '1.5'."""
    has_dot, has_comma = "." in text, "," in text
    decimal: str | None
    if has_dot and has_comma:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
    elif has_comma:
        decimal = "," if text.count(",") == 1 and (decimal_comma or not _thousands_like(text, ",")) else None
    elif has_dot:
        decimal = "." if text.count(".") == 1 and not (decimal_comma and _thousands_like(text, ".")) else None
    else:
        return text
    thousands = {",": ".", ".": ",", None: ",."}[decimal]
    for sep in thousands:
        text = text.replace(sep, "")
    if decimal == ",":
        text = text.replace(",", ".")
    try:
        Decimal(text)
    except InvalidOperation:
        raise AmountError(f"'{text}' is not a number") from None
    return text


def _thousands_like(text: str, sep: str) -> bool:
    """True when every group after `sep` has exactly three digits, e.g. '1,234' or '12.500.000'."""
    head, *groups = text.split(sep)
    return bool(head) and len(head) <= 3 and all(len(g) == 3 for g in groups)


def looks_decimal_comma(text: str) -> bool | None:
    """Evidence of the decimal separator in one text cell: True (comma), False (dot) or None (unclear)."""
    text = _SPACES.sub("", text)
    if "." in text and "," in text:
        return text.rfind(",") > text.rfind(".")
    if text.count(",") == 1 and not _thousands_like(text.strip("()-+$€£¥ "), ","):
        return True
    if text.count(".") > 1:
        return True
    if text.count(".") == 1 and not _thousands_like(text.strip("()-+$€£¥ "), "."):
        return False
    return None
