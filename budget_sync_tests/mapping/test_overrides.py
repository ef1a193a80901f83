"""Config overrides: columns, sheet, header row, defaults, filters, presets; bad settings named."""

from __future__ import annotations

import pytest

from budget_sync.errors import ConfigError, MappingError
from budget_sync.mapping import map_rows
from budget_sync.mapping.presets import PRESETS

ROWS = [
    ["Version", "Entity", "Account", "Time", "Data"],
    ["Budget", "Sales", "Travel", "Jan 2025", 10],
    ["Actual", "Sales", "Travel", "Jan 2025", 8],
    ["budget", "Ops", "Rent", "Feb 2025", "5"],
]


def test_filters_keep_only_matching_rows_and_report_the_others():
    result = map_rows(ROWS, config={"filters": {"Version": "Budget"}})
    assert [(b.department, b.budgeted_amount) for b in result.budgets] == [("Sales", 10), ("Ops", 5)]
    assert [(r.row, "Actual" in r.reason) for r in result.skipped] == [(3, True)]


def test_header_row_and_default_currency():
    rows = [
        ["Param", "Value"],
        ["Year", "FY2025"],
        [],
        ["Dept", "Acct", "Amount"],
        ["Sales", "Travel", 15000],
    ]
    result = map_rows(rows, config={"header_row": 4, "default_period": "FY2025", "default_currency": "eur"})
    assert [(b.department, b.sub_category, b.fiscal_period, b.currency) for b in result.budgets] == [
        ("Sales", "Travel", "FY2025", "EUR")
    ]


def test_fiscal_year_start_month_applies_to_posting_periods():
    rows = [["Department", "P01", "P12"], ["Sales", 1, 2]]
    result = map_rows(rows, config={"fiscal_year": 2025, "fiscal_year_start_month": 4})
    assert [b.fiscal_period for b in result.budgets] == ["2024-04", "2025-03"]


def test_preset_is_loaded_and_customer_keys_win(monkeypatch):
    monkeypatch.setitem(PRESETS, "test_vendor", {"department": "Entity", "budgeted_amount": "Nope"})
    with pytest.raises(MappingError, match="mapping.budgeted_amount"):
        map_rows(ROWS, config={"preset": "test_vendor"})
    result = map_rows(
        ROWS, config={"preset": "test_vendor", "budgeted_amount": "Data", "filters": {"Version": "budget"}}
    )
    assert [b.department for b in result.budgets] == ["Sales", "Ops"]


@pytest.mark.parametrize(
    "config,word",
    [
        ({"preset": "nope"}, "mapping.preset"),
        ({"colour": "red"}, "colour"),
        ({"default_currency": "dollars"}, "mapping.default_currency"),
        ({"header_row": "x"}, "mapping.header_row"),
        ({"fiscal_year": 99}, "mapping.fiscal_year"),
        ({"default_period": "someday"}, "mapping.default_period"),
        ({"min_confidence": 3}, "mapping.min_confidence"),
        ({"filters": ["Version"]}, "mapping.filters"),
    ],
)
def test_bad_settings_are_named(config, word):
    with pytest.raises(ConfigError, match=word.replace(".", r"\.")):
        map_rows(ROWS, config=config)


def test_missing_named_column_is_a_mapping_error_naming_the_setting():
    with pytest.raises(MappingError, match=r"mapping\.department.*'Dept'"):
        map_rows(ROWS, config={"department": "Dept"})
    with pytest.raises(MappingError, match=r"mapping\.filters.*'Scenario'"):
        map_rows(ROWS, config={"filters": {"Scenario": "Budget"}})


def test_version_column_mixing_budget_and_actual_keeps_budget_rows_without_config():
    result = map_rows(ROWS, config={"budgeted_amount": "Data"})
    assert [(b.department, b.budgeted_amount) for b in result.budgets] == [("Sales", 10), ("Ops", 5)]
    assert [r.row for r in result.skipped] == [3]
    assert any("Version" in note and "Actual" in note for note in result.mapping["notes"])


def test_sheet_setting_does_not_apply_to_csv_or_cells():
    result = map_rows(ROWS, config={"sheet": "FY25", "budgeted_amount": "Data"})
    assert len(result.budgets) == 2
