"""The three sync assets against a real budget database (SQLite and PostgreSQL) and a local drop folder."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa

from budget_sync.defs.history import latest_metadata
from budget_sync_tests.defs.conftest import departments, local_customer, write_budget


def budgets_of(engine, customer_id: str) -> dict[str, Decimal]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT department, budgeted_amount FROM budgets "
                "WHERE customer_id = :c AND removed_from_source_at IS NULL"
            ),
            {"c": customer_id},
        )
        return {dept: Decimal(str(amount)) for dept, amount in rows}


def syncs_of(engine, customer_id: str) -> list[dict]:
    from budget_sync.store.syncs import history

    return history(engine, customer_id)


def test_sync_writes_budgets_with_metadata_and_a_sync_row(tmp_path, engine, add_customers, sync, instance):
    drop = tmp_path / "drop"
    write_budget(drop, "budget.csv", departments(5))
    add_customers(local_customer("acme", drop))

    result = sync("acme")

    assert result.success
    assert budgets_of(engine, "acme") == {f"Dept {i:03d}": Decimal("1000.00") for i in range(5)}
    table = latest_metadata(instance, "budget_table", "acme")
    assert (table["total"], table["created"], table["updated"], table["removed"]) == (5, 5, 0, 0)
    assert "Acme Corp" in table["summary"] and "5 budgets" in table["summary"]
    raw = latest_metadata(instance, "raw_budget_export", "acme")
    assert raw["file_name"] == "budget.csv" and len(raw["sha256"]) == 64 and raw["size"] > 0
    source = drop / "budget.csv"
    assert raw["source_modified_at"] == datetime.fromtimestamp(source.stat().st_mtime, UTC).isoformat()
    kept = Path(raw["kept_at"])  # the raw file, kept for replay and audit
    assert (
        hashlib.sha256(kept.read_bytes()).hexdigest() == raw["sha256"]
        and kept.read_bytes() == source.read_bytes()
    )
    mapped = latest_metadata(instance, "mapped_budgets", "acme")
    assert mapped["budgets"] == 5 and "| column | header | role | confidence |" in mapped["mapping"]
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {
        "utilization_preserved": True,
        "utilization_covered": True,
        "sync_guard": True,
        "control_totals": True,
        "sync_succeeded": True,
    }
    rows = syncs_of(engine, "acme")
    assert rows[0]["status"] == "success" and rows[0]["run_id"] == result.run_id and rows[0]["created"] == 5


def test_unchanged_source_skips_mapping_and_import(tmp_path, engine, add_customers, sync, instance):
    drop = tmp_path / "drop"
    write_budget(drop, "budget.csv", departments(3))
    add_customers(local_customer("acme", drop))
    assert sync("acme").success

    second = sync("acme")

    assert second.success
    assert latest_metadata(instance, "mapped_budgets", "acme")["status"].startswith("unchanged since")
    assert latest_metadata(instance, "budget_table", "acme")["status"].startswith("unchanged since")
    assert syncs_of(engine, "acme")[0]["status"] != "failed"


def test_changed_file_updates_and_keeps_utilization(tmp_path, engine, add_customers, sync):
    drop = tmp_path / "drop"
    write_budget(drop, "a.csv", departments(10))
    add_customers(local_customer("acme", drop))
    assert sync("acme").success
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO budget_utilization (budget_id, committed_amount, reserved_amount) "
                "SELECT id, 120.50, 30.25 FROM budgets WHERE customer_id = 'acme'"
            )
        )
    write_budget(drop, "b.csv", departments(10, amount="2000.00"), mtime=4_000_000_000)

    result = sync("acme")

    assert result.success
    assert set(budgets_of(engine, "acme").values()) == {Decimal("2000.00")}
    utilization = [e for e in result.get_asset_check_evaluations() if e.check_name == "utilization_preserved"]
    assert utilization[0].passed and utilization[0].metadata["rows"].value == 10


def test_mass_removal_is_blocked_before_the_write_unless_tagged(tmp_path, engine, add_customers, sync):
    drop = tmp_path / "drop"
    write_budget(drop, "a.csv", departments(10))
    add_customers(local_customer("acme", drop))
    assert sync("acme").success
    write_budget(drop, "b.csv", departments(5), mtime=4_000_000_000)  # half the departments gone

    blocked = sync("acme")

    assert not blocked.success
    guard = [e for e in blocked.get_asset_check_evaluations() if e.check_name == "sync_guard"][0]
    assert not guard.passed and "would remove 5 of 10 budgets (50%" in guard.description
    assert len(budgets_of(engine, "acme")) == 10  # the last good sync's data stays
    failed = syncs_of(engine, "acme")[0]
    assert failed["status"] == "failed" and "allow_mass_change" in failed["error"]

    allowed = sync("acme", tags={"budget_sync/allow_mass_change": "true"})

    assert allowed.success
    assert len(budgets_of(engine, "acme")) == 5


def test_unmappable_file_fails_without_retries_and_keeps_budgets(tmp_path, engine, add_customers, sync):
    drop = tmp_path / "drop"
    write_budget(drop, "a.csv", departments(3))
    add_customers(local_customer("acme", drop))
    assert sync("acme").success
    bad = drop / "b.csv"
    bad.write_text("just,some\nnumbers,1\n", encoding="utf-8")
    import os

    os.utime(bad, (4_000_000_000, 4_000_000_000))

    result = sync("acme")

    assert not result.success
    assert len(budgets_of(engine, "acme")) == 3
    assert syncs_of(engine, "acme")[0]["status"] == "failed"


@pytest.mark.postgres
def test_sync_on_postgres(tmp_path, pg_url, monkeypatch, instance):
    from budget_sync.defs.assets import SYNC_ASSETS
    from budget_sync.defs.resources import BudgetDatabase
    from budget_sync.pipeline import apply_customers_file
    from budget_sync.store.db import ready_engine

    monkeypatch.setenv("BUDGET_SYNC_HOME", str(tmp_path / "home"))
    engine = ready_engine(pg_url)
    drop = tmp_path / "drop"
    write_budget(drop, "budget.csv", departments(4, amount="1234.56"))
    apply_customers_file(engine, [local_customer("acme", drop)], keep_missing=True)
    instance.add_dynamic_partitions("customers", ["acme"])

    result = dg.materialize(
        SYNC_ASSETS,
        partition_key="acme",
        instance=instance,
        resources={"budget_db": BudgetDatabase(url=pg_url)},
    )

    assert result.success
    assert set(budgets_of(engine, "acme").values()) == {Decimal("1234.56")}


def test_checks_see_their_own_customers_data_among_many_partitions(
    tmp_path, engine, add_customers, sync, instance
):
    """Checks must load the run's partition, not another customer's (or every customer's) output."""
    write_budget(tmp_path / "acme", "a.csv", departments(10))
    write_budget(tmp_path / "globex", "g.csv", departments(3))
    add_customers(local_customer("acme", tmp_path / "acme"), local_customer("globex", tmp_path / "globex"))
    instance.add_dynamic_partitions("customers", ["acme", "globex"])
    assert sync("acme").success and sync("globex").success
    write_budget(tmp_path / "globex", "g2.csv", departments(1), mtime=4_000_000_000)  # 2 of 3 gone

    globex = sync("globex")
    acme = sync("acme")

    guard = {e.check_name: e for e in globex.get_asset_check_evaluations()}["sync_guard"]
    assert not guard.passed and guard.metadata["would_remove"].value == 2
    assert acme.success
    assert len(budgets_of(engine, "acme")) == 10 and len(budgets_of(engine, "globex")) == 3


def test_header_drift_is_against_the_last_accepted_mapping_across_skips(
    tmp_path, engine, add_customers, sync, instance
):
    import os

    drop = tmp_path / "drop"
    write_budget(drop, "a.csv", departments(3))
    add_customers(local_customer("acme", drop))
    assert sync("acme").success
    assert (
        latest_metadata(instance, "mapped_budgets", "acme")["header_drift"] == "no earlier accepted mapping"
    )
    assert sync("acme").success  # unchanged: skipped, no new mapping
    renamed = drop / "b.csv"
    renamed.write_text(
        "Dept,Fiscal Period,Budget Amount,Currency\n"
        + "".join(f"Dept {i:03d},FY2025,1000.00,USD\n" for i in range(3)),
        encoding="utf-8",
    )
    os.utime(renamed, (4_000_000_000, 4_000_000_000))

    assert sync("acme").success

    drift = latest_metadata(instance, "mapped_budgets", "acme")["header_drift"]
    assert "- The department column was 'Department' and is now 'Dept'." in drift.splitlines()
    assert "Sub-category" in drift  # the dropped column is named too
    assert sync("acme").success  # unchanged again; the next file compares with b.csv's mapping
    write_budget(drop, "c.csv", departments(3, amount="1100.00"), mtime=4_100_000_000)
    assert sync("acme").success
    drift = latest_metadata(instance, "mapped_budgets", "acme")["header_drift"]
    assert "- The department column was 'Dept' and is now 'Department'." in drift.splitlines()


def test_control_total_mismatch_warns_and_a_matching_one_passes(tmp_path, engine, add_customers, sync):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.csv").write_text(
        "Department,Fiscal Period,Budget Amount,Currency\n"
        "Sales,FY2025,100.00,USD\nOps,FY2025,200.00,USD\nTotal,FY2025,350.00,USD\n",
        encoding="utf-8",
    )
    add_customers(local_customer("acme", drop))

    result = sync("acme")

    totals = {e.check_name: e for e in result.get_asset_check_evaluations()}["control_totals"]
    assert not totals.passed and totals.severity == dg.AssetCheckSeverity.WARN
    assert "1 of 1 totals in the file do not match" in totals.description
    assert "| row 4: Total | 350.00 | 300.00 | -50.00 |" in totals.metadata["totals"].value
    assert result.success and budgets_of(engine, "acme") == {
        "Sales": Decimal("100.00"),
        "Ops": Decimal("200.00"),
    }
    write_budget(
        drop, "b.csv", [("Sales", "FY2025", "100.00"), ("Ops", "FY2025", "200.00")], mtime=4_000_000_000
    )
    with (drop / "b.csv").open("a", encoding="utf-8") as f:
        f.write("Total,,FY2025,300.00,USD\n")
    import os

    os.utime(drop / "b.csv", (4_000_000_000, 4_000_000_000))
    again = {e.check_name: e for e in sync("acme").get_asset_check_evaluations()}["control_totals"]
    assert again.passed and again.description == "all 1 totals in the file match"


def test_too_many_rejected_rows_are_blocked_before_the_write(tmp_path, engine, add_customers, sync):
    drop = tmp_path / "drop"
    rows = [(f"Dept {i:03d}", "FY2025", "not a number" if i < 5 else "10.00") for i in range(10)]
    write_budget(drop, "a.csv", rows)
    add_customers(local_customer("acme", drop))

    blocked = sync("acme")

    assert not blocked.success
    guard = {e.check_name: e for e in blocked.get_asset_check_evaluations()}["sync_guard"]
    assert not guard.passed and guard.metadata["rejected_share"].value == 0.5
    assert budgets_of(engine, "acme") == {}
    assert syncs_of(engine, "acme")[0]["status"] == "failed"
