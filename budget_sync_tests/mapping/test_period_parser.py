"""Period spellings to canonical periods."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from budget_sync.mapping.period_parser import parse_period, period_in_header, year_in_text


@pytest.mark.parametrize(
    "cell,period",
    [
        ("FY2025", "FY2025"),
        ("FY25", "FY2025"),
        ("FY 2025", "FY2025"),
        ("fiscal year 2025", "FY2025"),
        ("2025", "FY2025"),
        (2025.0, "FY2025"),
        ("Q1 2025", "FY2025-Q1"),
        ("2025-Q1", "FY2025-Q1"),
        ("Q1 FY25", "FY2025-Q1"),
        ("FY25 Q2", "FY2025-Q2"),
        ("Q3'25", "FY2025-Q3"),
        ("FY2025-Q4", "FY2025-Q4"),
        ("Jan-25", "2025-01"),
        ("January 2025", "2025-01"),
        ("Sept 2025", "2025-09"),
        ("2025-01", "2025-01"),
        ("01/2025", "2025-01"),
        ("2025/1", "2025-01"),
        ("1234.5", None),
        ("2025.10", None),
        ("Jan 1899", None),
        ("2025-03-31", "2025-03"),
        ("1/31/2025", "2025-01"),
        ("3/1/25", "2025-03"),
        ("31/03/2025", "2025-03"),
        ("01.04.2025", "2025-04"),
        ("2025/26", "FY2026"),
        ("FY 2025-2026", "FY2026"),
        ("2025-04-01 00:00:00", "2025-04"),
        ("P01 FY25", "2025-01"),
        (date(2025, 3, 1), "2025-03"),
        (datetime(2025, 12, 1, 0, 0), "2025-12"),
    ],
)
def test_spellings(cell, period):
    assert parse_period(cell) == period


@pytest.mark.parametrize("cell", ["Jan", "Q1", "P01", "Period 3"])
def test_year_less_periods_need_a_fiscal_year(cell):
    assert parse_period(cell) is None
    assert parse_period(cell, fiscal_year=2025) is not None


def test_posting_periods_follow_the_fiscal_year_start():
    assert parse_period("P01", fiscal_year=2025) == "2025-01"
    assert parse_period("P01", fiscal_year=2025, fy_start_month=4) == "2024-04"
    assert parse_period("P12", fiscal_year=2025, fy_start_month=4) == "2025-03"
    assert parse_period("Apr", fiscal_year=2025, fy_start_month=4) == "2024-04"
    assert parse_period("Mar", fiscal_year=2025, fy_start_month=4) == "2025-03"


@pytest.mark.parametrize("cell", ["Marketing", "", None, "Q5 2025", "13/2025", "P13", 12.5, True, "Total"])
def test_not_periods(cell):
    assert parse_period(cell, fiscal_year=2025) is None


def test_periods_inside_headers_and_titles():
    assert period_in_header("FY2025 Budget").year == 2025
    assert period_in_header("Jan-25 Plan ($K)").index == 1
    assert period_in_header("Budget") is None
    assert year_in_text("Acme Corp - FY2025 Operating Budget") == 2025
    assert year_in_text("Budget 2026 (approved)") == 2026
    assert year_in_text("Operating budget") is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("FY14-15", "FY2015"),
        ("FY 14/15", "FY2015"),
        ("2014-15", "FY2015"),
        ("2014/15", "FY2015"),
        ("FY 2014-2015", "FY2015"),
        ("2014-2015", "FY2015"),
        ("2011/12", "FY2012"),  # slash + next year: the fiscal year
        ("FY2011-12", "FY2012"),
        ("2011-12", "2011-12"),  # hyphen: the ISO month December 2011
        ("2014-05", "2014-05"),
        ("2014/05", "2014-05"),
        ("2014-16", None),  # not consecutive years, not a month
        ("FY2014-FY2015", "FY2015"),
        ("FY 14 - FY 15", "FY2015"),
        ("FY2014-FY2016", None),
    ],
)
def test_fiscal_year_ranges_are_named_by_the_year_they_end_in(cell, expected):
    assert parse_period(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("FY1985", "FY1985"), ("1975", "FY1975"), ("fiscal year 1962", "FY1962"), ("1985/86", "FY1986")],
)
def test_years_before_1990_in_text(cell, expected):
    assert parse_period(cell) == expected


def test_bare_numbers_before_1990_stay_amounts():
    assert parse_period(1985) is None
    assert parse_period(1985.0) is None


@pytest.mark.parametrize(
    ("cell", "month"),
    [
        ("Januar 2025", 1),
        ("März 2025", 3),
        ("Mai 2025", 5),
        ("Okt 2025", 10),
        ("Dezember 2025", 12),
        ("janvier 2025", 1),
        ("février 2025", 2),
        ("avr. 2025", 4),
        ("juillet 2025", 7),
        ("août 2025", 8),
        ("enero 2025", 1),
        ("abril 2025", 4),
        ("septiembre 2025", 9),
        ("dic-25", 12),
        ("gennaio 2025", 1),
        ("maggio 2025", 5),
        ("giugno 2025", 6),
        ("ottobre 2025", 10),
        ("januari 2025", 1),
        ("maart 2025", 3),
        ("mei 2025", 5),
        ("mrt-25", 3),
        ("janeiro 2025", 1),
        ("fevereiro 2025", 2),
        ("março 2025", 3),
        ("outubro 2025", 10),
        ("1月", 1),
        ("3月", 3),
        ("12月", 12),
        ("2025年7月", 7),
    ],
)
def test_month_names_in_other_languages(cell, month):
    assert parse_period(cell, fiscal_year=2025) == f"2025-{month:02d}"


def test_title_with_a_two_digit_fiscal_range():
    assert year_in_text("City budget FY14-15") == 2015
