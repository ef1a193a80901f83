"""Refusing to guess: below the threshold nothing is mapped and the error lists headers and guesses."""

from __future__ import annotations

import pytest

from budget_sync.errors import MappingError
from budget_sync.mapping import map_rows


def test_unknown_headers_are_refused_with_headers_and_guesses():
    rows = [["Foo", "Bar", "Baz"], ["x", "y", 1], ["z", "w", 2]]
    with pytest.raises(MappingError) as info:
        map_rows(rows, file_name="odd.csv")
    text = str(info.value)
    assert text.startswith("odd.csv: ")
    assert "'Foo'" in text and "'Bar'" in text and "'Baz'" in text
    assert "Best guesses" in text
    assert "period" in text


def test_threshold_comes_from_config_and_settings(monkeypatch):
    rows = [["Label", "Period", "Value"], ["Sales", "FY25", 1]]
    with pytest.raises(MappingError):
        map_rows(rows)
    assert len(map_rows(rows, config={"min_confidence": 0.5}).budgets) == 1
    monkeypatch.setenv("BUDGET_SYNC_MIN_CONFIDENCE", "0.4")
    assert len(map_rows(rows).budgets) == 1


def test_named_columns_make_a_mapping_certain():
    rows = [["Name", "When", "Value"], ["Sales", "FY25", 1]]
    result = map_rows(
        rows, config={"department": "Name", "fiscal_period": "When", "budgeted_amount": "Value"}
    )
    assert [(b.department, b.fiscal_period) for b in result.budgets] == [("Sales", "FY2025")]
    assert result.mapping["confidence"] == 1.0


def test_fuzzy_header_words():
    rows = [["Departmnt", "Cost Ctr Budget", "Periode"], ["Sales", 5, "2025-02"]]
    result = map_rows(rows)
    roles = {c["header"]: (c["role"], c["confidence"]) for c in result.mapping["columns"]}
    assert roles["Departmnt"][0] == "department" and roles["Departmnt"][1] < 1
    assert roles["Cost Ctr Budget"][0] == "budgeted_amount"
    assert result.budgets[0].fiscal_period == "2025-02"


def test_values_reveal_periods_and_currency_without_header_words():
    rows = [
        ["Department", "When", "Budget", "Money"],
        ["Sales", "Jan-25", 1, "EUR"],
        ["Ops", "Feb-25", 2, "GBP"],
    ]
    result = map_rows(rows)
    assert [(b.fiscal_period, b.currency) for b in result.budgets] == [("2025-01", "EUR"), ("2025-02", "GBP")]


def test_no_period_anywhere_is_refused_and_default_period_fixes_it():
    rows = [["Department", "Budget"], ["Sales", 10]]
    with pytest.raises(MappingError, match="default_period"):
        map_rows(rows)
    assert map_rows(rows, config={"default_period": "Q2 FY26"}).budgets[0].fiscal_period == "FY2026-Q2"


def test_months_without_any_year_ask_for_fiscal_year():
    rows = [["Department", "Jan", "Feb"], ["Sales", 1, 2]]
    with pytest.raises(MappingError, match="fiscal_year"):
        map_rows(rows)
    result = map_rows(rows, config={"fiscal_year": 2027})
    assert [b.fiscal_period for b in result.budgets] == ["2027-01", "2027-02"]


def test_actuals_and_variance_columns_are_not_amounts():
    rows = [["Department", "Period", "Actual", "Budget", "Variance"], ["Sales", "FY25", 9, 10, -1]]
    result = map_rows(rows)
    assert [b.budgeted_amount for b in result.budgets] == [10]
    roles = {c["header"]: c["role"] for c in result.mapping["columns"]}
    assert roles["Actual"] == roles["Variance"] == "ignored"
