"""'Excel' downloads that are really HTML tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_sync.errors import FileReadError
from budget_sync.files import read_table
from budget_sync.mapping import map_file

PAGE = """<html><head><meta charset="utf-8"></head><body>
<p>Report run 2025-01-03</p>
<table><tr><td colspan="3"><b>Budget FY2025</b></td></tr>
<tr><th>Department</th><th>Account</th><th>Amount</th></tr>
<tr><td>Sales</td><td>Travel &amp; Meals</td><td>1,234.50</td></tr>
<tr><td>Ops</td><td>Rent<br/>Office</td><td>(500)</td></tr>
<tr><td><table><tr><td>nested</td></tr></table></td><td></td><td></td></tr>
</table></body></html>"""


def test_html_table_rows_and_spans():
    table = read_table(PAGE.encode(), file_name="netsuite.xls")
    assert table.format == "html"
    rows = table.sheets[0].rows
    assert rows[0] == ["Budget FY2025", "", ""]
    assert rows[2] == ["Sales", "Travel & Meals", "1,234.50"]
    assert rows[3] == ["Ops", "Rent Office", "(500)"]


def test_html_export_maps():
    result = map_file(PAGE.encode("utf-16"), file_name="netsuite.xls")
    assert [(b.department, b.sub_category, b.fiscal_period, b.budgeted_amount) for b in result.budgets] == [
        ("Sales", "Travel & Meals", "FY2025", Decimal("1234.50")),
        ("Ops", "Rent Office", "FY2025", Decimal("-500.00")),
    ]


def test_html_without_a_table():
    with pytest.raises(FileReadError, match="page.html"):
        read_table(
            b"<html><body><p>Session expired, please log in</p><table></table></body></html>",
            file_name="page.html",
        )
