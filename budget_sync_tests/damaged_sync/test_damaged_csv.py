"""A CSV cut during transfer or holding a quote that never closes changes no budget (issue 9 items 1, 3)."""

from __future__ import annotations

from budget_sync_tests.damaged_sync.conftest import MONTH_ROWS, csv_text

FULL = csv_text(MONTH_ROWS)


def test_file_cut_inside_its_last_row_is_refused(acme):
    cut = FULL[: FULL.rindex("080.00,USD")]
    assert cut.endswith("Dept 080,Opex,2025-12,80")
    acme.refused("cut.csv", cut, "line 81", "cut off")
    assert acme.budgeted("Dept 080") == "80080.00"


def test_file_cut_at_ninety_percent_removes_nothing(acme):
    cut = FULL[: len(FULL) * 9 // 10]
    assert not cut.endswith("\n")
    acme.refused("cut90.csv", cut, "cut off")
    assert acme.budgeted("Dept 080") == "80080.00"


def test_file_ending_inside_an_open_quote_is_refused(acme):
    text = csv_text([*MONTH_ROWS[:-1], ("Dept 080", '"Opex, Travel"', "2025-12", "80080.00", "USD")])
    cut = text[: text.index("Travel")]
    acme.refused("quoted.csv", cut, "ends inside a quoted field", "line 81")


def test_complete_last_row_without_a_final_newline_is_imported(acme):
    rows = [*MONTH_ROWS[:-1], ("Dept 080", "Opex", "2025-12", "80081.00", "USD")]
    code, data = acme.upload("b.csv", csv_text(rows).rstrip("\n"))
    assert (code, data["budgetsUpdated"], data["budgetsRemoved"]) == (0, 1, 0), data
    assert acme.budgeted("Dept 080") == "80081.00"


def test_short_rows_before_the_last_stay_legal(acme):
    """Google Sheets leaves out trailing empty cells: a row without its empty Note is not a cut file."""
    header = ("Department", "Sub-category", "Fiscal Period", "Budget Amount", "Currency", "Note")
    rows = [(*MONTH_ROWS[0], "new"), *MONTH_ROWS[1:]]
    code, data = acme.upload("b.csv", csv_text(rows, header=header))
    assert (code, data["budgetsUnchanged"], data["rejected"]) == (0, 80, 0), data


def test_stray_quote_is_refused_with_the_line_it_opens_on(acme):
    rows = [*MONTH_ROWS[:55], ('"Dept 056', "Opex", "2025-12", "56080.00", "USD"), *MONTH_ROWS[56:]]
    acme.refused("quote.csv", csv_text(rows), "line 57", "missing closing quote")
    assert acme.budgeted("Dept 060") == "60080.00"


def test_stray_quote_near_the_end_is_refused_as_an_open_quote(acme):
    rows = [*MONTH_ROWS[:79], ('"Dept 080', "Opex", "2025-12", "80080.00", "USD")]
    acme.refused("quote.csv", csv_text(rows), "ends inside a quoted field", "line 81")


def test_a_real_multi_line_cell_is_imported(acme):
    header = ("Department", "Sub-category", "Fiscal Period", "Budget Amount", "Currency", "Note")
    rows = [(*row, "") for row in MONTH_ROWS]
    rows[3] = (*MONTH_ROWS[3], '"Approved by the CFO, pending board\nSee memo"')
    code, data = acme.upload("b.csv", csv_text(rows, header=header))
    assert (code, data["budgetsUnchanged"], data["rejected"]) == (0, 80, 0), data
