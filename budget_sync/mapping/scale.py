"""Scale and currency stated in a header or title: '$K', '$000s', 'in thousands', '(EUR M)'."""

from __future__ import annotations

import re

from budget_sync.mapping.currencies import CODES, SYMBOLS

_THOUSANDS = re.compile(
    r"[$€£¥]\s*k\b|\bk\s*[$€£¥]|\bin\s+thousands\b|\bthousands\b|[$€£¥]?\s*'?000s?\b|\bkeur\b|\bkusd\b|\btsd\b"
    r"|(?<![\w$€£¥'])k(?!\w)",
    re.I,
)
_MILLIONS = re.compile(
    r"[$€£¥]\s*mm?\b|\bin\s+millions\b|\bmillions\b|\bmeur\b|\bmusd\b|\bmn\b|\bmio\b|(?<![\w$€£¥'])mm?(?!\w)",
    re.I,
)
_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])")
_LOOSE_CODE = re.compile(r"(?:\(|\bin\s+)([a-z]{3})\b", re.I)
_SYMBOL = re.compile(r"US\$|C\$|A\$|[$€£¥₹₩]")


def header_scale(text: str) -> int:
    if _MILLIONS.search(text):
        return 1_000_000
    if _THOUSANDS.search(text):
        return 1000
    return 1


def header_currency(text: str) -> str | None:
    """'Budget (EUR)', 'Amount in usd', 'Plan KEUR', 'Budget €' -> the ISO code; lower-case codes count
    only in parentheses or after 'in', so words like 'try' are not currencies."""
    for m in _CODE.finditer(text):
        if m[1] in CODES:
            return m[1]
    for m in _LOOSE_CODE.finditer(text):
        if m[1].upper() in CODES:
            return m[1].upper()
    for word in ("KEUR", "MEUR", "KUSD", "MUSD"):
        if word in text.upper():
            return word[1:]
    symbol = _SYMBOL.search(text)
    return SYMBOLS.get(symbol[0]) if symbol else None
