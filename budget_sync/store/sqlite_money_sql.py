"""Exact `a - b - c` over SQLite's decimal-text money in plain SQL, so any SQLite client (the `sqlite3`
shell, a BI tool) reads the `budget_availability` view exactly without a Python function.

Each amount is split into a signed whole part and a signed fraction in millionths, both 64-bit integers:
money has at most 18 integer digits and 6 decimal places (`money.py`), so a whole part is below 10^18 and
the difference of three stays below 3 x 10^18 < 2^63. Only integer arithmetic, CAST of digit text and
string functions are used: nothing goes through REAL. The fraction's carry is moved into the whole part,
then both get the same sign and are printed back as canonical text (at least two decimals, no trailing
zeros beyond them): `money_text` of the same Decimal up to trailing zeros.
"""

from __future__ import annotations

from budget_sync.store.money import MAX_DECIMAL_PLACES

SCALE = 10**MAX_DECIMAL_PLACES


def parts(amount: str) -> str:
    """Two SELECT columns for decimal text column `amount`: `<amount>_whole` and `<amount>_millionths`,
    both signed ('-12.5' -> -12, -500000). A value without a point ('0', the utilization columns' server
    default) is whole."""
    text = f"CAST({amount} AS TEXT)"
    sign = f"(CASE WHEN substr({text}, 1, 1) = '-' THEN -1 ELSE 1 END)"
    digits = f"ltrim({text}, '+-')"
    point = f"instr({digits}, '.')"
    whole = f"CAST(CASE WHEN {point} = 0 THEN {digits} ELSE substr({digits}, 1, {point} - 1) END AS INTEGER)"
    fraction_text = f"CASE WHEN {point} = 0 THEN '' ELSE substr({digits}, {point} + 1) END"
    pad = "0" * MAX_DECIMAL_PLACES
    fraction = f"CAST(substr({fraction_text} || '{pad}', 1, {MAX_DECIMAL_PLACES}) AS INTEGER)"
    return f"{sign} * {whole} AS {amount}_whole, {sign} * {fraction} AS {amount}_millionths"


def difference(minuend: str, *subtrahends: str) -> str:
    """Two SELECT columns `whole` and `fraction` (millionths, |fraction| < 10^6, sign not yet the whole's)
    of `minuend - subtrahends...`, over the columns `parts` made."""
    names = (minuend, *subtrahends)
    whole = " - ".join(f"{n}_whole" for n in names)
    fraction = " - ".join(f"{n}_millionths" for n in names)
    return f"({whole}) + ({fraction}) / {SCALE} AS whole, ({fraction}) % {SCALE} AS fraction"


def same_sign(whole: str, fraction: str) -> str:
    """Two SELECT columns `signed_whole`, `signed_fraction`: one unit borrowed so both have one sign."""
    step = f"(CASE WHEN {whole} > 0 AND {fraction} < 0 THEN 1 WHEN {whole} < 0 AND {fraction} > 0 THEN -1 ELSE 0 END)"
    return f"{whole} - {step} AS signed_whole, {fraction} + {step} * {SCALE} AS signed_fraction"


def as_text(whole: str, fraction: str) -> str:
    """Canonical decimal text of whole + fraction / SCALE, both of one sign (see `same_sign`)."""
    digits = f"rtrim(printf('%0{MAX_DECIMAL_PLACES}d', abs({fraction})), '0')"
    decimals = f"CASE WHEN length({digits}) < 2 THEN substr({digits} || '00', 1, 2) ELSE {digits} END"
    sign = f"CASE WHEN {whole} < 0 OR {fraction} < 0 THEN '-' ELSE '' END"
    return f"{sign} || abs({whole}) || '.' || {decimals}"
