"""A transaction list (dates on many days of the month) is refused, not imported as budgets."""

from __future__ import annotations

from datetime import date

import pytest

from budget_sync.errors import MappingError
from budget_sync.mapping import map_rows

PAYEES = ["Acme", "Bolt", "Cato", "Dyne", "Evo", "Fox", "Gale", "Hex"]


def test_payments_by_day_are_refused_even_with_plain_headers():
    rows = [["Date", "Name", "Amount"]] + [
        [f"2025-03-{3 + i:02d}", p, "120.50"] for i, p in enumerate(PAYEES)
    ]
    with pytest.raises(MappingError, match="fiscal period only 0.50 sure"):
        map_rows(rows)


def test_date_cells_on_many_days_are_refused_too():
    rows = [["Department", "Posted", "Amount"]] + [["Parks", date(2025, 4, 2 + i), 10] for i in range(8)]
    with pytest.raises(MappingError, match="fiscal period only 0.50 sure"):
        map_rows(rows, config={"department": "Department"})


def test_month_starts_and_ends_are_budget_periods():
    starts = [["Department", "Period", "Amount"]] + [
        ["Parks", f"2025-{m:02d}-01", "100"] for m in range(1, 13)
    ]
    ends = [["Department", "Period", "Amount"]] + [["Parks", date(2025, m, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31), 5] for m in range(1, 13)]  # fmt: skip
    assert [b.fiscal_period for b in map_rows(starts).budgets][:2] == ["2025-01", "2025-02"]
    assert len(map_rows(ends).budgets) == 12


def test_naming_the_column_imports_it_anyway():
    rows = [["Date", "Name", "Amount"]] + [
        [f"2025-03-{3 + i:02d}", p, "120.50"] for i, p in enumerate(PAYEES)
    ]
    result = map_rows(rows, config={"fiscal_period": "Date"})
    assert {b.fiscal_period for b in result.budgets} == {"2025-03"}
