"""The public API (docs/architecture.md, "Public contract"), used exactly as a downstream app would."""

import dataclasses
import subprocess
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

import budget_sync
from budget_sync import check_budget, import_budgets, map_file, map_rows
from budget_sync.errors import BudgetSyncError
from budget_sync.store.db import ready_engine

SAMPLE = Path(budget_sync.__file__).parent / "samples" / "drops" / "acme" / "acme_budget_fy2025.csv"
CHECK_FIELDS = ("status", "budgeted", "committed", "reserved", "available", "fiscal_period", "currency")
RESULT_FIELDS = ("total", "created", "updated", "unchanged", "removed", "rejected", "errors")


def test_the_package_exports_the_four_functions_without_loading_dagster():
    code = (
        "import sys; from budget_sync import check_budget, import_budgets, map_file, map_rows; "
        "import budget_sync.store.db; "
        "print(sorted(m for m in sys.modules if m == 'dagster' or m.startswith('dagster.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert {"check_budget", "import_budgets", "map_file", "map_rows"} <= set(budget_sync.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        budget_sync.nope  # noqa: B018


def test_budgets_as_mappings_import_and_check_with_the_documented_fields(db_url):
    engine = ready_engine(db_url)
    try:
        budgets = [
            {
                "department": "Marketing",
                "sub_category": None,
                "fiscal_period": "FY2025-Q1",
                "budgeted_amount": Decimal("5000.10"),
                "currency": "USD",
            },
            {
                "department": "Marketing",
                "sub_category": "Events",
                "fiscal_period": "FY2025-Q1",
                "budgeted_amount": "0.30",
                "currency": "EUR",
            },
            {"department": "", "sub_category": None, "fiscal_period": "FY2025-Q1", "budgeted_amount": "1"},
        ]
        sync = import_budgets(engine, "acme", budgets, source="api")
        assert {f.name for f in dataclasses.fields(sync)} >= set(RESULT_FIELDS)
        assert (sync.total, sync.created, sync.updated, sync.unchanged, sync.removed, sync.rejected) == (
            2,
            2,
            0,
            0,
            0,
            1,
        )
        assert "department is missing" in sync.errors[0].reason

        check = check_budget(engine, "acme", "Marketing", Decimal("1200"), fiscal_period="FY2025-Q1")
        assert {f.name for f in dataclasses.fields(check)} >= {*CHECK_FIELDS, "last_synced_at", "stale"}
        assert (check.status, check.budgeted, check.committed, check.reserved, check.available) == (
            "approved",
            Decimal("5000.10"),
            Decimal("0.00"),
            Decimal("0.00"),
            Decimal("5000.10"),
        )
        assert (check.fiscal_period, check.currency, check.stale) == ("FY2025-Q1", "USD", False)
        assert all(isinstance(getattr(check, f), Decimal) for f in CHECK_FIELDS[1:5])
        events = check_budget(
            engine, "acme", "Marketing", "0.31", sub_category="Events", on_date=datetime(2025, 3, 31, 23)
        )
        assert (events.status, events.available, events.currency) == ("over_budget", Decimal("0.30"), "EUR")
        assert check_budget(engine, "acme", "Legal", 1, fiscal_period="FY2025-Q1").status == "no_budget"
        with engine.connect() as conn:  # a Connection works too, and sees the same data
            assert check_budget(conn, "acme", "Marketing", "5000.10", fiscal_period="FY2025-Q1").status == (
                "approved"
            )
    finally:
        engine.dispose()


def test_mapped_files_and_rows_import_through_the_same_api(sqlite_url):
    engine = ready_engine(sqlite_url)
    try:
        mapped = map_file(SAMPLE)
        assert mapped.budgets and not mapped.rejected
        first = import_budgets(engine, "acme", mapped.budgets, source="local")
        assert first.created == len(mapped.budgets) == first.total
        cells = [["Department", "Period", "Amount"], ["Marketing", "2025-01", "100.50"]]
        rows = map_rows(cells)
        assert [(b.department, b.fiscal_period, b.budgeted_amount) for b in rows.budgets] == [
            ("Marketing", "2025-01", Decimal("100.50"))
        ]
        assert import_budgets(engine, "acme", rows.budgets, full_export=False).created == 1
        assert import_budgets(engine, "acme", mapped.budgets, source="local").unchanged == first.total
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"department": None}, "department None must be non-empty text"),
        ({"customer_id": ""}, "customer_id '' must be non-empty text"),
        ({"sub_category": 7}, "sub_category 7 must be text"),
        ({"on_date": "2025-01-01"}, "on_date '2025-01-01' must be a date"),
        ({"fiscal_period": 2025}, "fiscal period '2025' is not canonical"),
    ],
)
def test_check_budget_explains_wrong_argument_types(sqlite_url, kwargs, words):
    engine = ready_engine(sqlite_url)
    call = {"customer_id": "acme", "department": "Marketing", **kwargs}
    try:
        with pytest.raises(BudgetSyncError, match=words):
            check_budget(engine, call.pop("customer_id"), call.pop("department"), 1, **call)
    finally:
        engine.dispose()
