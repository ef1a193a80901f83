"""Scheduled syncs of SFTP drops against a real sshd: with `archive_dir` the imported file is moved on the
server, a dry run (`sources test`) leaves it in place, and an emptied folder is nothing new; a Prophix
export dropped there syncs with the `prophix` preset alone."""

from __future__ import annotations

from budget_sync.config import parse_customers
from budget_sync.pipeline import apply_customers_file, run_sync
from budget_sync_tests.pipeline.conftest import HEADER, ROWS, sync_rows
from budget_sync_tests.sources_drop.conftest import sshd  # noqa: F401  (session fixture)


def test_sftp_archive_after_import_and_not_on_dry_run(engine, request, monkeypatch):
    server = request.getfixturevalue("sshd")
    monkeypatch.setenv("ACME_SFTP_KEY", server.client_key)
    folder = server.new_folder()
    export = folder / "Budget 2025.csv"
    export.write_text("\n".join(",".join(row) for row in [HEADER, *ROWS]) + "\n")
    source = server.settings(folder, key_env="ACME_SFTP_KEY", archive_dir="processed")
    apply_customers_file(engine, parse_customers({"customers": [{"id": "acme", "source": source}]}))

    dry = run_sync(engine, "acme", dry_run=True)
    assert dry.result.created == 5 and export.exists() and not (folder / "processed").exists()

    outcome = run_sync(engine, "acme")
    assert outcome.result.created == 5 and not outcome.warnings
    assert not export.exists() and (folder / "processed" / "Budget 2025.csv").exists()
    assert run_sync(engine, "acme").skipped
    assert [r["status"] for r in sync_rows(engine, "acme")] == ["success", "skipped"]


def test_prophix_export_on_sftp_syncs_with_the_preset(engine, request, monkeypatch):
    """The documented Prophix setup end to end: its Export Data file on SFTP, `mapping: {preset: prophix}`."""
    from decimal import Decimal
    from pathlib import Path

    from budget_sync_tests.pipeline.conftest import budget_rows

    sample = Path(__file__).parents[1] / "sources_drop" / "data" / "prophix_export_budget.csv"
    server = request.getfixturevalue("sshd")
    monkeypatch.setenv("ACME_SFTP_KEY", server.client_key)
    folder = server.new_folder()
    (folder / "Budget_20250301_0200.csv").write_bytes(sample.read_bytes())
    source = server.settings(folder, key_env="ACME_SFTP_KEY", pattern="Budget_*.csv")
    customer = {"id": "acme", "source": source, "mapping": {"preset": "prophix"}, "sync_frequency": "daily"}
    apply_customers_file(engine, parse_customers({"customers": [customer]}))
    outcome = run_sync(engine, "acme")
    assert (outcome.result.created, outcome.result.rejected) == (18, 0)
    rows = budget_rows(engine, "acme")
    assert sum(row[4] for row in rows) == Decimal("926601.00")
    assert {row[5] for row in rows} == {"USD"}
