"""Named mapping presets: a `mapping: {preset: NAME}` block starts from one of these, and the
customer's own keys override it (a role set to "" drops the preset's column for it).

`prophix`: the layout of a Prophix "Export Data" process run on the financial cube with column headers
on: one row per cell, a column per dimension (Scenario, Entity, Department, Account, Time, Currency) and
the amount in Value. Only the Budget scenario is imported. See docs/sources/prophix.md.
"""

from typing import Any

PRESETS: dict[str, dict[str, Any]] = {
    "prophix": {
        "department": "Department",
        "sub_category": "Account",
        "fiscal_period": "Time",
        "budgeted_amount": "Value",
        "currency": "Currency",
        "filters": {"Scenario": "Budget"},
    },
}
