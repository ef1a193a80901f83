"""Fingerprint of the accepted mapping and header drift in plain sentences."""

from __future__ import annotations

from budget_sync.mapping import header_drift, map_rows

BASE = [["Dept", "Account", "Period", "Budget"], ["Sales", "Travel", "FY25", 1]]


def test_fingerprint_is_stable_and_changes_with_headers():
    first, again = map_rows(BASE), map_rows([row[:] for row in BASE])
    assert first.fingerprint == again.fingerprint and len(first.fingerprint) == 16
    renamed = map_rows([["Cost Center", "Account", "Period", "Budget"], ["Sales", "Travel", "FY25", 1]])
    assert renamed.fingerprint != first.fingerprint
    more_rows = map_rows(BASE + [["Ops", "Rent", "FY25", 2]])
    assert more_rows.fingerprint == first.fingerprint


def test_header_drift_sentences():
    old = map_rows(BASE).mapping
    new = map_rows([["Cost Center", "Period", "Budget", "Currency"], ["Sales", "FY25", 1, "USD"]]).mapping
    notes = header_drift(old, new)
    assert "The department column was 'Dept' and is now 'Cost Center'." in notes
    assert "The sub-category column 'Account' is missing." in notes
    assert "A new column 'Currency' is now read as the currency." in notes
    assert header_drift(old, old) == []


def test_header_drift_of_period_columns():
    old = map_rows([["Dept", "Jan-25", "Feb-25"], ["Sales", 1, 2]]).mapping
    new = map_rows([["Dept", "Jan-25", "Feb-25", "Mar-25"], ["Sales", 1, 2, 3]]).mapping
    assert header_drift(old, new) == ["New amount column(s) 'Mar-25' appeared."]
