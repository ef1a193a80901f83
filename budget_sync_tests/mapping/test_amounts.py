"""Amount cells: symbols, codes, separators, European decimals, accounting negatives, errors, floats."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_sync.mapping.amounts import AmountError, float_to_decimal, parse_amount


@pytest.mark.parametrize(
    "cell,amount,currency",
    [
        ("1,234.56", "1234.56", None),
        ("1.234,56", "1234.56", None),
        ("1 234,56", "1234.56", None),
        ("1\u00a0234.50", "1234.50", None),
        ("(2,500)", "-2500", None),
        ("$(50)", "-50", "USD"),
        ("-$50", "-50", "USD"),
        ("2500-", "-2500", None),
        ("-", "0", None),
        ("—", "0", None),
        ("$1,200", "1200", "USD"),
        ("€ 1.234,56", "1234.56", "EUR"),
        ("£3", "3", "GBP"),
        ("¥1000", "1000", "JPY"),
        ("USD 100", "100", "USD"),
        ("100 EUR", "100", "EUR"),
        ("CHF 12'345.00", "12345.00", "CHF"),
        ("1,5", "1.5", None),
        ("12.500.000", "12500000", None),
        ("1.5k", "1500", None),
        ("0.1", "0.1", None),
        ("1.5E+06", "1500000", None),
    ],
)
def test_text_amounts(cell, amount, currency):
    assert parse_amount(cell) == (Decimal(amount), currency)


def test_decimal_comma_decides_ambiguous_groups():
    assert parse_amount("1,234")[0] == Decimal("1234")
    assert parse_amount("1,234", decimal_comma=True)[0] == Decimal("1.234")
    assert parse_amount("1.234", decimal_comma=True)[0] == Decimal("1234")
    assert parse_amount("1.234")[0] == Decimal("1.234")


def test_blank_cells_are_no_amount():
    assert parse_amount(None) == (None, None)
    assert parse_amount("   ") == (None, None)


@pytest.mark.parametrize("cell", ["#REF!", "#N/A", "#DIV/0!", "#VALUE!", "Err:502", "abc", "12%x", True])
def test_not_amounts(cell):
    with pytest.raises(AmountError):
        parse_amount(cell)


def test_error_cell_message_names_the_error():
    with pytest.raises(AmountError, match="#REF!"):
        parse_amount("#ref!")


def test_floats_are_read_from_their_shortest_repr_and_spreadsheet_precision():
    assert float_to_decimal(0.1) == Decimal("0.1")
    assert float_to_decimal(0.1 + 0.2) == Decimal("0.3")
    assert float_to_decimal(1234.56) == Decimal("1234.56")
    assert float_to_decimal(1e20) == Decimal("1E+20")
    assert float_to_decimal(-2500.0) == Decimal("-2500")
    assert isinstance(parse_amount(3.0)[0], Decimal)


def test_nan_is_refused():
    with pytest.raises(AmountError):
        float_to_decimal(float("nan"))
