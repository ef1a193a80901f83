"""Canonical periods and their dates: FY named by the calendar year in which it ends."""

from datetime import date, timedelta

import pytest

from budget_sync.periods import is_canonical, period_bounds, period_containing


@pytest.mark.parametrize(
    ("period", "start_month", "start", "end"),
    [
        ("FY2025", 1, date(2025, 1, 1), date(2025, 12, 31)),
        ("FY2025-Q1", 1, date(2025, 1, 1), date(2025, 3, 31)),
        ("FY2025-Q4", 1, date(2025, 10, 1), date(2025, 12, 31)),
        ("FY2025", 4, date(2024, 4, 1), date(2025, 3, 31)),
        ("FY2025-Q1", 4, date(2024, 4, 1), date(2024, 6, 30)),
        ("FY2025-Q3", 4, date(2024, 10, 1), date(2024, 12, 31)),
        ("FY2025-Q4", 4, date(2025, 1, 1), date(2025, 3, 31)),
        ("FY2025-Q1", 12, date(2024, 12, 1), date(2025, 2, 28)),
        ("FY2024-Q1", 12, date(2023, 12, 1), date(2024, 2, 29)),
        ("2024-02", 4, date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-12", 1, date(2025, 12, 1), date(2025, 12, 31)),
    ],
)
def test_period_bounds(period, start_month, start, end):
    assert period_bounds(period, start_month) == (start, end)


@pytest.mark.parametrize(
    ("on", "start_month", "year", "quarter", "month"),
    [
        (date(2024, 4, 1), 4, "FY2025", "FY2025-Q1", "2024-04"),
        (date(2024, 12, 31), 4, "FY2025", "FY2025-Q3", "2024-12"),
        (date(2025, 1, 15), 4, "FY2025", "FY2025-Q4", "2025-01"),
        (date(2025, 3, 31), 4, "FY2025", "FY2025-Q4", "2025-03"),
        (date(2025, 4, 1), 4, "FY2026", "FY2026-Q1", "2025-04"),
        (date(2025, 1, 1), 1, "FY2025", "FY2025-Q1", "2025-01"),
        (date(2025, 4, 1), 1, "FY2025", "FY2025-Q2", "2025-04"),
        (date(2025, 12, 31), 1, "FY2025", "FY2025-Q4", "2025-12"),
    ],
)
def test_period_containing_names_the_fiscal_year_by_the_year_it_ends(on, start_month, year, quarter, month):
    assert period_containing(on, "year", start_month) == year
    assert period_containing(on, "quarter", start_month) == quarter
    assert period_containing(on, "month", start_month) == month


@pytest.mark.parametrize("start_month", range(1, 13))
def test_every_day_lies_inside_the_bounds_of_the_periods_containing_it(start_month):
    day = date(2023, 1, 1)
    while day <= date(2025, 12, 31):
        for kind in ("month", "quarter", "year"):
            start, end = period_bounds(period_containing(day, kind, start_month), start_month)
            assert start <= day <= end, (day, kind, start_month)
        day += timedelta(days=1)


def test_periods_of_one_fiscal_year_tile_it_without_gaps():
    quarters = [period_bounds(f"FY2025-Q{q}", 7) for q in range(1, 5)]
    year = period_bounds("FY2025", 7)
    assert quarters[0][0] == year[0] == date(2024, 7, 1) and quarters[-1][1] == year[1] == date(2025, 6, 30)
    for (_, end), (start, _) in zip(quarters, quarters[1:], strict=False):
        assert start == end + timedelta(days=1)


@pytest.mark.parametrize(
    "period", ["2025", "FY25", "FY2025-Q5", "2025-13", "2025-1", "fy2025", " FY2025", "Q1"]
)
def test_anything_else_is_not_canonical(period):
    assert not is_canonical(period)
    with pytest.raises(ValueError, match="not a canonical fiscal period"):
        period_bounds(period)


@pytest.mark.parametrize("start_month", [0, 13, "4", True, None])
def test_a_bad_fiscal_year_start_month_is_a_clear_error(start_month):
    with pytest.raises(ValueError, match="fiscal_year_start_month must be a month from 1 to 12"):
        period_bounds("FY2025", start_month)
    with pytest.raises(ValueError, match="fiscal_year_start_month must be a month from 1 to 12"):
        period_containing(date(2025, 1, 1), "quarter", start_month)


def test_an_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown period kind 'week'"):
        period_containing(date(2025, 1, 1), "week")
