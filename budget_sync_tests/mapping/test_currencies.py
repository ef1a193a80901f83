"""ISO 4217 currencies with their minor units, in amounts, columns, headers and config (issue 8, pattern 7)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_sync.errors import ConfigError
from budget_sync.iso4217 import MINOR_UNITS
from budget_sync.mapping import map_rows
from budget_sync.mapping.amounts import looks_decimal_comma, parse_amount


def lines(result) -> list[tuple]:
    return [(b.department, b.budgeted_amount, b.currency) for b in result.budgets]


def test_minor_units_of_the_full_list():
    assert len(MINOR_UNITS) > 160
    assert (MINOR_UNITS["BHD"], MINOR_UNITS["JPY"], MINOR_UNITS["UAH"], MINOR_UNITS["CLF"]) == (3, 0, 2, 4)
    assert "XAU" not in MINOR_UNITS and "XXX" not in MINOR_UNITS


@pytest.mark.parametrize(
    ("text", "amount", "code"),
    [("UAH 1,200", "1200", "UAH"), ("1,200 PKR", "1200", "PKR"), ("BHD 1,250.125", "1250.125", "BHD"),
     ("(KES 3,000)", "-3000", "KES")],
)  # fmt: skip
def test_a_code_before_or_after_the_number(text, amount, code):
    assert parse_amount(text) == (Decimal(amount), code)
    assert looks_decimal_comma(text) is (None if "." not in text else False)


def test_codes_in_amount_cells_keep_their_currency_and_thousands():
    rows = [
        ["Department", "Period", "Budget"],
        ["Kyiv", "FY2025", "UAH 1,200"],
        ["Lahore", "FY2025", "1,200 PKR"],
    ]
    assert lines(map_rows(rows)) == [
        ("Kyiv", Decimal("1200.00"), "UAH"),
        ("Lahore", Decimal("1200.00"), "PKR"),
    ]


def test_a_currency_column_value_outside_iso_4217_is_rejected():
    rows = [["Department", "Period", "Budget", "Currency"], ["Kyiv", "FY2025", "10", "UAH"],
            ["Mars", "FY2025", "10", "XYZ"]]  # fmt: skip
    result = map_rows(rows)
    assert lines(result) == [("Kyiv", Decimal("10.00"), "UAH")]
    assert [(r.row, r.reason) for r in result.rejected] == [
        (3, "currency 'XYZ' is not an ISO 4217 currency code")
    ]


def test_more_decimals_than_the_currency_has_are_flagged():
    rows = [["Department", "Period", "Budget", "Currency"], ["Tokyo", "FY2025", "1200.5", "JPY"],
            ["Manama", "FY2025", "1250.125", "BHD"], ["Boston", "FY2025", "12.345", "USD"]]  # fmt: skip
    notes = " ".join(map_rows(rows).mapping["notes"])
    assert "1 JPY amount(s) with more than 0 decimal place(s) (C2)" in notes
    assert "1 USD amount(s) with more than 2 decimal place(s) (C4)" in notes
    assert "BHD" not in notes


def test_words_that_are_codes_stay_words_in_headers_and_names():
    rows = [["Department", "Period", "Budget ALL funds"], ["All", "FY2025", "100"], ["Top", "FY2025", "5"]]
    assert lines(map_rows(rows)) == [("All", Decimal("100.00"), "USD"), ("Top", Decimal("5.00"), "USD")]
    rows = [["Department", "Period", "Budget (UAH)"], ["Kyiv", "FY2025", "100"]]
    assert lines(map_rows(rows)) == [("Kyiv", Decimal("100.00"), "UAH")]


def test_config_accepts_iso_codes_only():
    assert map_rows(
        [["Department", "Period", "Budget"], ["Kyiv", "FY2025", "1"]], config={"default_currency": "uah"}
    )
    with pytest.raises(ConfigError, match="'ABC' is not an ISO 4217 currency code"):
        map_rows(
            [["Department", "Period", "Budget"], ["Kyiv", "FY2025", "1"]], config={"default_currency": "ABC"}
        )
