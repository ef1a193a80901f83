"""The stages the Dagster assets call one by one, and the result JSON."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from budget_sync.config import parse_customers
from budget_sync.errors import FileReadError
from budget_sync.pipeline import (
    CONTRACT_KEYS,
    import_mapped,
    keep_raw,
    map_raw,
    raw_from_file,
    result_json,
    run_sync,
    unchanged_since_last_sync,
)
from budget_sync.settings import load_settings
from budget_sync.sources.raw_export import RawExport
from budget_sync.store.customers import get_customer
from budget_sync_tests.pipeline.conftest import ROWS, budget_rows, sync_rows


def test_keep_raw_stores_cells_as_json(home):
    cells = [["Department", "FY2025"], ["Marketing", "100"]]
    raw = RawExport.from_cells("acme", "google_sheets", "Budget/FY25", "sheets://abc", cells, sheet="FY25")
    path = keep_raw(raw, load_settings())
    assert path.parent == home / "raw" / "acme"
    assert path.name.endswith(f"-{raw.sha256[:12]}-Budget_FY25.json")
    assert json.loads(path.read_text()) == {"sheet": "FY25", "cells": cells}


def test_raw_from_file_is_an_upload_with_a_checksum(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"Department,Budget\nSales,10\n")
    raw = raw_from_file("acme", path)
    assert (raw.source_type, raw.file_name, raw.size, raw.content) == (
        "upload",
        "export.csv",
        len(path.read_bytes()),
        path.read_bytes(),
    )
    assert raw.location == path.as_uri()
    with pytest.raises(FileReadError, match="missing.csv: file not found"):
        raw_from_file("acme", tmp_path / "missing.csv")
    with pytest.raises(FileReadError, match="is a folder"):
        raw_from_file("acme", tmp_path)


def test_map_raw_uses_the_customer_mapping_and_default_currency(engine, drops, register):
    header = ("Cost Centre", "Year", "Amount")
    path = drops.write("initech", "b.csv", [("Support", "FY2026", "10.50"), ("Admin", "FY2026", "7")], header)
    register(
        "initech",
        default_currency="EUR",
        mapping={"department": "Cost Centre", "fiscal_period": "Year", "budgeted_amount": "Amount"},
    )
    mapped = map_raw(raw_from_file("initech", path), get_customer(engine, "initech"))
    assert {(b.department, str(b.budgeted_amount), b.currency) for b in mapped.budgets} == {
        ("Support", "10.50", "EUR"),
        ("Admin", "7.00", "EUR"),
    }


def test_unchanged_since_last_sync_follows_the_last_good_import(engine, drops, register):
    path = drops.write("acme", "budget.csv", ROWS)
    register("acme")
    raw = raw_from_file("acme", path)
    assert not unchanged_since_last_sync(engine, raw)
    run_sync(engine, "acme", raw=raw)
    assert unchanged_since_last_sync(engine, raw)
    # changing the customer's settings makes the same file worth importing again
    register("acme", default_currency="EUR")
    assert not unchanged_since_last_sync(engine, raw)


def test_import_mapped_is_one_transaction(engine, drops, register):
    """If writing the sync row fails after the import, the budgets roll back with it."""
    drops.write("acme", "budget.csv", ROWS)
    register("acme")
    run_sync(engine, "acme")
    before = budget_rows(engine)
    customer = get_customer(engine, "acme")
    changed = [ROWS[0][:3] + ("9.99", "USD"), *ROWS[1:]]
    raw = raw_from_file("acme", drops.write("acme", "budget-v2.csv", changed))
    mapped = map_raw(raw, customer)
    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE budget_syncs RENAME TO budget_syncs_away"))
    try:
        with pytest.raises(sa.exc.DBAPIError):
            import_mapped(engine, customer, mapped, raw, sync_id=str(uuid.uuid4()), trigger="test")
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text("ALTER TABLE budget_syncs_away RENAME TO budget_syncs"))
    assert budget_rows(engine) == before
    assert [r["status"] for r in sync_rows(engine, "acme")] == ["success"]


def test_result_json_has_the_contract_keys_and_values(engine, drops, register):
    drops.write("acme", "budget.csv", [*ROWS, ("Support", "Tools", "FY2025-Q1", "n/a", "USD")])
    register("acme")
    data = result_json(run_sync(engine, "acme"))
    assert list(data)[: len(CONTRACT_KEYS)] == list(CONTRACT_KEYS)
    assert data["success"] is True
    assert (data["budgetsImported"], data["budgetsCreated"], data["budgetsUpdated"]) == (5, 5, 0)
    assert (data["budgetsUnchanged"], data["budgetsRemoved"], data["rejected"]) == (0, 0, 1)
    assert data["errors"][0]["row"] == 7
    assert datetime.fromisoformat(data["lastSyncedAt"]) <= datetime.now(UTC)
    assert data["customerId"] == "acme" and data["skipped"] is False
    json.dumps(data)  # plain JSON, no Decimal or datetime objects


def test_failure_messages_never_carry_a_secret_value():
    from budget_sync.config import parse_customers
    from budget_sync.errors import SourceError
    from budget_sync.pipeline.run import describe_failure

    source = {"type": "sftp", "host": "h", "path": "/in", "username": "u", "password_env": "ACME_SFTP_PW"}
    [customer] = parse_customers({"customers": [{"id": "acme", "source": source}]})
    env = {"ACME_SFTP_PW": "hunter2-value"}
    unexpected = describe_failure(RuntimeError("login hunter2-value refused"), customer, env)
    assert unexpected == (
        "sync of customer 'acme' (sftp source) failed unexpectedly: RuntimeError: login *** refused. "
        "Check: the sync logs for the full error."
    )
    ours = describe_failure(SourceError("acme", "sftp", "refused hunter2-value."), customer, env)
    assert "hunter2-value" not in ours and "sftp source of customer 'acme'" in ours


def test_mapping_config_carries_the_fiscal_year_start_so_posting_periods_land_in_the_right_month():
    from budget_sync.mapping import map_rows
    from budget_sync.pipeline import mapping_config

    [customer] = parse_customers(
        {
            "customers": [
                {
                    "id": "acme",
                    "source": {"type": "local", "path": "drops"},
                    "fiscal_year_start_month": 4,
                    "mapping": {"fiscal_year": 2025},
                }
            ]
        }
    )
    cells = [["Department", "Period", "Budget"], ["Sales", "P01", "100"], ["Sales", "P12", "5"]]
    periods = [b.fiscal_period for b in map_rows(cells, config=mapping_config(customer)).budgets]
    assert periods == ["2024-04", "2025-03"]
