"""Property tests: any Decimal formatted in a supported style, any canonical period in a supported
spelling, parses back to the same value."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from budget_sync.mapping.amounts import AmountError, float_to_decimal, parse_amount
from budget_sync.mapping.period_parser import parse_period

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

NBSP = "\u00a0"
amounts = st.decimals(min_value=Decimal("-999999999.99"), max_value=Decimal("999999999.99"), places=2)


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def _styles(value: Decimal) -> list[tuple[str, bool]]:
    """(text, decimal_comma) spellings of one amount."""
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    us = f"{_group(whole, ',')}.{cents}"
    eu = f"{_group(whole, '.')},{cents}"
    styles = [
        (f"{sign}{whole}.{cents}", False),
        (f"{sign}{us}", False),
        (f"{sign}${us}", False),
        (f"{sign}{eu}", True),
        (f"{sign}{_group(whole, ' ')},{cents}", True),
        (f"{sign}{_group(whole, NBSP)}.{cents}", False),
        (f"{sign}€{eu}", True),
        (f"{sign}{us} USD", False),
        (f"{sign}{_group(whole, chr(39))}.{cents}", False),
    ]
    if value < 0:
        styles += [(f"({us})", False), (f"(${us})", False), (f"{us}-", False)]
    return styles


@given(amounts)
def test_amount_round_trip(value):
    for text, decimal_comma in _styles(value):
        parsed, _ = parse_amount(text, decimal_comma=decimal_comma)
        assert parsed == value, (text, parsed)


@given(amounts)
def test_unambiguous_european_amounts_need_no_hint(value):
    whole, cents = f"{abs(value):.2f}".split(".")
    text = ("-" if value < 0 else "") + f"{_group(whole, '.')},{cents}"
    assert parse_amount(text)[0] == value


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2))
def test_float_cells_read_back_exactly(value):
    assert float_to_decimal(float(value)) == value


@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=12))
def test_month_spellings(year, month):
    name = MONTHS[month - 1]
    canonical = f"{year}-{month:02d}"
    spellings = [
        canonical,
        f"{month:02d}/{year}",
        f"{month}/{year}",
        f"{name} {year}",
        f"{name[:3]}-{str(year)[2:]}",
        f"{name[:3]} {year}",
        f"{name[:3].upper()}-{year}",
        f"{year}-{month:02d}-01",
    ]
    for text in spellings:
        assert parse_period(text) == canonical, text


@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=4))
def test_quarter_spellings(year, quarter):
    canonical = f"FY{year}-Q{quarter}"
    short = str(year)[2:]
    for text in [
        canonical,
        f"Q{quarter} {year}",
        f"{year}-Q{quarter}",
        f"Q{quarter} FY{short}",
        f"FY{short} Q{quarter}",
        f"q{quarter}-{year}",
    ]:
        assert parse_period(text) == canonical, text


@given(st.integers(min_value=2000, max_value=2099))
def test_year_spellings(year):
    for text in [f"FY{year}", f"FY{str(year)[2:]}", f"FY {year}", f"fy-{year}", str(year)]:
        assert parse_period(text) == f"FY{year}", text


@given(st.text(max_size=30))
def test_parsers_never_raise_other_errors(text):
    """Any text is a period or None, and an amount or an AmountError: never another exception."""
    period = parse_period(text)
    assert period is None or isinstance(period, str)
    try:
        amount, _currency = parse_amount(text)
    except AmountError:
        return
    assert amount is None or isinstance(amount, Decimal)


@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=12))
def test_posting_periods_with_a_known_year(year, period):
    canonical = f"{year}-{period:02d}"
    for text in [f"P{period:02d}", f"P{period}", f"Period {period}"]:
        assert parse_period(text, fiscal_year=year) == canonical, text
    assert parse_period(f"P{period:02d} FY{year}") == canonical


@given(
    st.integers(min_value=2000, max_value=2099),
    st.sampled_from(["Budget", "Plan", "Budget ($K)", "Amount (USD)", "Approved budget"]),
    st.sampled_from(["FY{y}", "FY{s}", "Q2 {y}", "Mar-{s}", "{y}-03", "March {y}"]),
)
def test_periods_inside_amount_headers(year, words, spelling):
    from budget_sync.mapping.period_parser import canonical, period_in_header

    period = spelling.format(y=year, s=str(year)[2:])
    expected = parse_period(period)
    for header in (f"{period} {words}", f"{words} {period}"):
        parts = period_in_header(header)
        assert parts is not None and canonical(parts) == expected, header
