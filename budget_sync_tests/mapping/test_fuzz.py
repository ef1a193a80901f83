"""Any grid of cells maps or raises a BudgetSyncError; nothing else escapes, and every budget is canonical."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget_sync.errors import BudgetSyncError
from budget_sync.mapping import map_rows
from budget_sync.periods import is_canonical

WORDS = [
    "Department",
    "Dept",
    "Budget",
    "Period",
    "Total",
    "Jan-25",
    "Q1 2025",
    "FY25",
    "Currency",
    "USD",
    "€1,000",
    "(2,500)",
    "-",
    "#REF!",
    "Sales",
    "Marketing",
    "Account",
    "Amount",
    "Grand Total",
    "Notes",
    "1.234,56",
    "",
]
cells = st.one_of(
    st.none(),
    st.sampled_from(WORDS),
    st.text(max_size=12),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    st.booleans(),
)
grids = st.lists(st.lists(cells, max_size=8), max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids)
def test_any_grid_maps_or_explains(grid):
    try:
        result = map_rows(grid, file_name="fuzz.json")
    except BudgetSyncError as exc:
        assert "fuzz.json" in str(exc) or "mapping." in str(exc)
        return
    for budget in result.budgets:
        assert isinstance(budget.budgeted_amount, Decimal) and budget.budgeted_amount.is_finite()
        assert is_canonical(budget.fiscal_period), budget
        assert budget.department and len(budget.currency) == 3


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=6), min_size=2, max_size=10))
def test_grids_under_a_real_header(body):
    grid = [["Department", "Period", "Budget", "Currency"], *body]
    try:
        result = map_rows(grid, file_name="fuzz.json")
    except BudgetSyncError:
        return
    header = result.mapping["header_row"]
    rows_seen = [r.row for r in result.rejected] + [r.row for r in result.skipped]
    assert all(1 <= r <= len(grid) and r != header for r in rows_seen)
    budget_rows = {
        int(b.source_ref.rsplit("!", 1)[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for b in result.budgets
    }
    assert all(header < r <= len(grid) for r in budget_rows)
