"""Property: budgets written into an export-like grid (long or wide, with a title, blank rows, totals and
formatted amounts) map back to exactly the same budgets."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from budget_sync.mapping import map_file, map_rows

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
names = st.sampled_from(["Sales", "Marketing", "R&D", "Customer Success", "Ops", "Legal", "IT", "People"])
subs = st.sampled_from(["Travel", "Software", "Events", "Salaries", "Rent", "Cloud"])
amounts = st.decimals(min_value=Decimal("-99999.99"), max_value=Decimal("9999999.99"), places=2)


def fmt(value: Decimal, style: int) -> str | float:
    text = f"{abs(value):,.2f}"
    if style == 0:
        return float(value)
    if style == 1:
        return f"({text})" if value < 0 else text
    if style == 2:
        return ("-" if value < 0 else "") + "$" + text
    return str(value)


@st.composite
def budget_tables(draw):
    lines = draw(st.lists(st.tuples(names, subs), min_size=1, max_size=8, unique=True))
    months = draw(st.integers(min_value=1, max_value=12))
    values = {(d, s, m): draw(amounts) for d, s in lines for m in range(months)}
    return lines, months, values, draw(st.integers(0, 3)), draw(st.booleans()), draw(st.booleans())


@settings(max_examples=60, deadline=None)
@given(budget_tables())
def test_wide_grid_round_trip(table):
    lines, months, values, style, title, total = table
    header = ["Department", "Account"] + [f"{MONTHS[m]}-25" for m in range(months)]
    grid = [["Acme FY2025 budget"], []] if title else []
    grid.append(header + (["Total"] if total else []))
    for n, (dept, sub) in enumerate(sorted(lines)):
        row_values = [values[(dept, sub, m)] for m in range(months)]
        shown = dept if n == 0 or sorted(lines)[n - 1][0] != dept else None  # merged department cells
        grid.append(
            [shown, sub]
            + [fmt(v, style) for v in row_values]
            + ([fmt(sum(row_values), style)] if total else [])
        )
        if n % 3 == 2:
            grid.append([])
    result = map_rows(grid)
    got = sorted((b.department, b.sub_category, b.fiscal_period, b.budgeted_amount) for b in result.budgets)
    want = sorted((d, s, f"2025-{m + 1:02d}", v) for (d, s, m), v in values.items())
    assert got == want
    assert result.rejected == []
    assert all(Decimal(t["difference"]) == 0 for t in result.control_totals)


@settings(max_examples=60, deadline=None)
@given(budget_tables(), st.sampled_from([",", ";", "\t"]))
def test_long_csv_round_trip(table, delimiter):
    lines, months, values, _, title, _ = table
    european = delimiter == ";"
    rows = ["Budget FY2025"] if title else []
    rows.append(delimiter.join(["Cost Center", "Category", "Month", "Amount", "Currency"]))
    for (dept, sub, m), value in sorted(values.items()):
        text = f"{value:.2f}".replace(".", ",") if european else f"{value:.2f}"
        rows.append(delimiter.join([dept, sub, f"{MONTHS[m]} 2025", text, "EUR"]))
    result = map_file(("\r\n".join(rows) + "\r\n").encode("utf-8-sig"), file_name="export.csv")
    got = sorted(
        (b.department, b.sub_category, b.fiscal_period, b.budgeted_amount, b.currency) for b in result.budgets
    )
    want = sorted((d, s, f"2025-{m + 1:02d}", v, "EUR") for (d, s, m), v in values.items())
    assert got == want
