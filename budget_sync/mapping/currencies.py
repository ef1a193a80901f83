"""Currency symbols and ISO 4217 codes.

`CODES` are the codes common in budget exports: they are recognised loosely (any case, in headers and
titles). Any other ISO 4217 code (`ISO_CODES`, e.g. UAH, PKR, BHD) counts only where it cannot be an
English word: in capitals beside a number ('UAH 1,200', '1,200 PKR'), in a currency column, in capitals
in parentheses ('Budget (UAH)'), so 'ALL', 'TOP' or 'CUP' in a header never become a currency."""

from __future__ import annotations

from budget_sync.iso4217 import CODES as ISO_CODES  # re-exported for amounts and scale

__all__ = ["ALIASES", "CODES", "ISO_CODES", "SYMBOLS", "code_like", "currency_code", "minor_units"]
from budget_sync.iso4217 import MINOR_UNITS

SYMBOLS = {
    "US$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "NZ$": "NZD", "HK$": "HKD",
    "S$": "SGD", "R$": "BRL", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW",
    "₽": "RUB", "₺": "TRY", "₪": "ILS", "₱": "PHP", "₫": "VND", "฿": "THB", "zł": "PLN", "kr": "SEK",
    "Fr.": "CHF",
}  # fmt: skip
CODES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "CHF",
        "CAD",
        "AUD",
        "NZD",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "HUF",
        "INR",
        "CNY",
        "HKD",
        "SGD",
        "BRL",
        "MXN",
        "ZAR",
        "KRW",
        "TRY",
        "ILS",
        "AED",
        "SAR",
        "RUB",
        "THB",
        "PHP",
        "IDR",
        "MYR",
        "VND",
        "TWD",
        "CLP",
        "COP",
        "PEN",
        "ARS",
        "NGN",
        "EGP",
        "KES",
        "RON",
        "BGN",
        "ISK",
        "QAR",
        "KWD",
    ]
)
ALIASES = {"RMB": "CNY", "YEN": "JPY", "EURO": "EUR", "EUROS": "EUR", "DOLLAR": "USD", "DOLLARS": "USD"}


def currency_code(text: str) -> str | None:
    """ISO code of a currency cell ('usd', '€', 'RMB', 'UAH'), or None when it names no ISO currency."""
    text = text.strip()
    upper = text.upper()
    if upper in ISO_CODES:
        return upper
    return ALIASES.get(upper) or SYMBOLS.get(text)


def code_like(text: str) -> bool:
    """A cell that is a currency code: a common one in any case, any other ISO code in capitals."""
    return text.upper() in CODES or text in ISO_CODES


def minor_units(code: str) -> int:
    return MINOR_UNITS.get(code, 2)
