"""Currency symbols and ISO 4217 codes seen in budget exports."""

from __future__ import annotations

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
    """ISO code of a currency cell ('usd', '€', 'RMB'), or None when it names no known currency."""
    text = text.strip()
    upper = text.upper()
    if upper in CODES:
        return upper
    return ALIASES.get(upper) or SYMBOLS.get(text)
