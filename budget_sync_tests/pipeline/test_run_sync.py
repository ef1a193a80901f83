"""run_sync end to end on SQLite and PostgreSQL with a real local-folder source."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_sync.errors import ConfigError
from budget_sync.pipeline import SyncFailed, run_sync
from budget_sync.store.customers import get_status
from budget_sync_tests.pipeline.conftest import ROWS, budget_rows, sync_rows


def test_first_sync_imports_every_row_and_records_it(engine, drops, register, home):
    path = drops.write("acme", "budget.csv", ROWS)
    register("acme")
    outcome = run_sync(engine, "acme", run_id="run-1")
    assert outcome.success and not outcome.skipped
    result = outcome.result
    assert (result.total, result.created, result.updated, result.unchanged, result.removed) == (5, 5, 0, 0, 0)
    amounts = {(r[1], r[3]): r[4] for r in budget_rows(engine, "acme")}
    assert amounts[("Sales", "FY2025-Q2")] == Decimal("0.30")
    assert amounts[("Engineering", "FY2025-Q1")] == Decimal("123456789012.34")
    [row] = sync_rows(engine, "acme")
    assert (row["status"], row["created"], row["run_id"], row["trigger"]) == ("success", 5, "run-1", "manual")
    assert row["checksum"] == outcome.raw.sha256 and row["id"] == outcome.sync_id
    status = get_status(engine, "acme")
    assert status["last_status"] == "success" and status["last_raw_sha256"] == outcome.raw.sha256
    assert outcome.last_synced_at == status["last_synced_at"] == row["finished_at"]
    assert outcome.kept_at.read_bytes() == path.read_bytes()
    assert outcome.kept_at.parent == home / "raw" / "acme"
    assert outcome.kept_at.name.endswith(f"-{outcome.raw.sha256[:12]}-budget.csv")


def test_unchanged_source_is_skipped_cheaply_and_logged(engine, drops, register, home):
    drops.write("acme", "budget.csv", ROWS)
    register("acme")
    first = run_sync(engine, "acme")
    before = budget_rows(engine)
    second = run_sync(engine, "acme")
    assert second.skipped and second.success
    assert (second.result.total, second.result.unchanged, second.result.created) == (5, 5, 0)
    assert budget_rows(engine) == before
    assert [r["status"] for r in sync_rows(engine, "acme")] == ["success", "skipped"]
    assert second.last_synced_at > first.last_synced_at
    assert len(list((home / "raw" / "acme").iterdir())) == 1  # nothing new kept
    forced = run_sync(engine, "acme", force=True)
    assert not forced.skipped and forced.result.unchanged == 5


def test_changed_file_updates_only_what_changed(engine, drops, register):
    drops.write("acme", "budget.csv", ROWS)
    register("acme")
    run_sync(engine, "acme")
    changed = [ROWS[0][:3] + ("1100.10", "USD"), *ROWS[1:]]
    drops.touch_later(drops.write("acme", "budget-v2.csv", changed))
    outcome = run_sync(engine, "acme", trigger="sensor")
    assert (outcome.result.updated, outcome.result.unchanged, outcome.result.created) == (1, 4, 0)
    assert outcome.raw.file_name == "budget-v2.csv"
    assert ("acme", "Marketing", "Events", "FY2025-Q1", Decimal("1100.10"), "USD", None) in budget_rows(
        engine
    )


def test_failure_records_a_failed_row_and_keeps_the_last_good_data(engine, drops, register):
    drops.write("acme", "budget.csv", ROWS)
    register("acme")
    good = run_sync(engine, "acme")
    before = budget_rows(engine)
    bad = drops.root / "acme" / "zz-broken.csv"
    bad.write_bytes(b"\x00\x01\x02 not a table \xff")
    drops.touch_later(bad)
    with pytest.raises(SyncFailed) as info:
        run_sync(engine, "acme", run_id="run-2")
    message = str(info.value)
    assert "zz-broken.csv" in message and "acme" in message
    assert budget_rows(engine) == before
    failed = sync_rows(engine, "acme")[-1]
    assert (failed["status"], failed["run_id"], failed["error"]) == ("failed", "run-2", message)
    assert failed["source_file"].endswith("zz-broken.csv")
    status = get_status(engine, "acme")
    assert status["last_status"] == "failed" and status["last_error"] == message
    assert status["last_synced_at"] == good.last_synced_at
    assert info.value.outcome.last_synced_at == good.last_synced_at
    # the last good file is still the reference: going back to it is recognised as unchanged
    bad.unlink()
    assert run_sync(engine, "acme").skipped


def test_source_error_is_recorded_too(engine, drops, register):
    register("acme")  # the folder does not exist
    with pytest.raises(SyncFailed, match="local source of customer 'acme'"):
        run_sync(engine, "acme")
    assert sync_rows(engine, "acme")[0]["status"] == "failed"


def test_dry_run_reports_counts_and_writes_nothing(engine, drops, register, home):
    drops.write("acme", "budget.csv", ROWS[:3])
    register("acme")
    run_sync(engine, "acme")
    before, syncs_before = budget_rows(engine), sync_rows(engine, "acme")
    raw_before = sorted((home / "raw").rglob("*"))
    drops.touch_later(drops.write("acme", "budget-v2.csv", [ROWS[0], *ROWS[2:]]))
    outcome = run_sync(engine, "acme", dry_run=True)
    result = outcome.result
    assert result.dry_run and outcome.success
    # FY2025-Q2 Marketing is gone from the export (removed); two rows are new
    assert (result.created, result.unchanged, result.removed) == (2, 2, 1)
    assert outcome.warnings == [
        "a real sync would be refused: it would remove 1 of 3 budgets (33%, limit 20%)"
    ]
    assert budget_rows(engine) == before
    assert sync_rows(engine, "acme") == syncs_before
    assert sorted((home / "raw").rglob("*")) == raw_before


def test_mapping_rejections_are_counted_with_their_rows(engine, drops, register):
    rows = [*ROWS, ("Support", "Tools", "FY2025-Q1", "not money", "USD")]
    drops.write("acme", "budget.csv", rows)
    register("acme")
    outcome = run_sync(engine, "acme", allow_mass_change=True)
    assert outcome.result.total == 5 and outcome.result.rejected == 1
    [rejection] = outcome.result.errors
    assert rejection.row == 7
    assert sync_rows(engine, "acme")[0]["rejected"] == 1


def test_a_sync_removing_most_budgets_is_refused_unless_allowed(engine, drops, register):
    drops.write("acme", "budget.csv", ROWS)
    register("acme")
    run_sync(engine, "acme")
    before = budget_rows(engine)
    # same periods, only one department left: 3 of 5 budgets would be soft-removed
    drops.touch_later(drops.write("acme", "budget-v2.csv", [ROWS[0], ROWS[1]]))
    with pytest.raises(SyncFailed, match=r"would remove 3 of 5 budgets .*--allow-mass-change"):
        run_sync(engine, "acme")
    assert budget_rows(engine) == before
    outcome = run_sync(engine, "acme", allow_mass_change=True)
    assert outcome.result.removed == 3
    assert sum(1 for row in budget_rows(engine) if row[-1] is not None) == 3


def test_a_sync_never_touches_another_customer(engine, drops, register):
    drops.write("acme", "budget.csv", ROWS)
    drops.write("globex", "budget.csv", ROWS[:2])
    register("acme", "globex")
    run_sync(engine, "globex")
    globex = budget_rows(engine, "globex")
    run_sync(engine, "acme")
    drops.touch_later(drops.write("acme", "budget-v2.csv", ROWS[:2]))
    run_sync(engine, "acme", allow_mass_change=True)
    assert budget_rows(engine, "globex") == globex
    assert [r["status"] for r in sync_rows(engine, "globex")] == ["success"]


def test_unknown_or_removed_customer_is_a_clear_config_error(engine, drops, register):
    with pytest.raises(ConfigError, match="customer 'nobody' is not registered"):
        run_sync(engine, "nobody")


def test_archive_dir_moves_imported_files_and_an_empty_folder_is_nothing_new(engine, drops, register):
    path = drops.write("acme", "budget 1.csv", ROWS)
    register("acme")
    apply_archive(engine, drops)
    outcome = run_sync(engine, "acme")
    assert outcome.result.created == 5 and not outcome.warnings
    assert not path.exists() and (drops.root / "acme" / "done" / "budget 1.csv").exists()
    again = run_sync(engine, "acme")
    assert again.skipped and again.raw is None
    assert [r["status"] for r in sync_rows(engine, "acme")] == ["success", "skipped"]
    drops.write("acme", "budget 2.csv", [ROWS[0][:3] + ("7.00", "USD"), *ROWS[1:]])
    assert run_sync(engine, "acme").result.updated == 1
    assert sorted(p.name for p in (drops.root / "acme" / "done").iterdir()) == [
        "budget 1.csv",
        "budget 2.csv",
    ]


def apply_archive(engine, drops):
    from budget_sync.config import parse_customers
    from budget_sync.pipeline import apply_customers_file

    source = {"type": "local", "path": str(drops.root / "acme"), "stable_seconds": 0, "archive_dir": "done"}
    apply_customers_file(engine, parse_customers({"customers": [{"id": "acme", "source": source}]}))
