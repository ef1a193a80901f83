"""`budget-sync preview` shows the rejections a sync of the same file makes (issue 8, pattern 8)."""

from __future__ import annotations

from budget_sync_tests.cli.conftest import ROWS

CONFLICT = [
    *ROWS,
    ("Sales", "Travel", "FY2025-Q1", "750.00", "USD"),  # the same key as ROWS[2], another amount
    ("Marketing", "Events", "FY2025-Q2", "1000.20", "USD"),  # the same key and amount: kept once
]


def test_preview_rejects_what_the_sync_rejects(cli, customers_file, drops):
    cli("sources", "apply", customers_file("acme"))
    upload = drops.write("uploads", "conflict.csv", CONFLICT)
    code, preview = cli.json("preview", upload)
    assert code == 0
    code, sync = cli.json("upload", "acme", upload, "--allow-mass-change")
    assert code == 0, sync.get("error")
    assert len(preview["rejected"]) == sync["rejected"] == 2
    assert [r["reason"] for r in preview["rejected"]] == [e["reason"] for e in sync["errors"]]
    assert (
        "appears 2 times with different values (500.00 USD, 750.00 USD)" in preview["rejected"][0]["reason"]
    )
    assert sync["budgetsCreated"] == len(ROWS) - 1
    assert f"a sync would import {len(ROWS) - 1} of these {len(CONFLICT)} budget lines" in " ".join(
        preview["mapping"]["notes"]
    )


def test_readable_preview_counts_the_importer_rejections(cli, drops):
    upload = drops.write("uploads", "conflict.csv", CONFLICT)
    code, out, _ = cli("preview", upload)
    assert code == 0
    assert "2 rejected rows\n" in out and "none of them was imported" in out
    assert f"a sync would import {len(ROWS) - 1} of these" in out


def test_preview_names_the_rows_of_each_repeated_key(cli, drops):
    upload = drops.write("uploads", "conflict.csv", CONFLICT)
    code, preview = cli.json("preview", upload)
    assert code == 0
    notes = preview["mapping"]["notes"]
    conflict = [n for n in notes if "department 'Sales', sub-category 'Travel'" in n]
    same = [n for n in notes if "department 'Marketing', sub-category 'Events'" in n]
    assert len(conflict) == 1 and conflict[0].endswith("different amounts: refused, none of them is imported")
    assert len(same) == 1 and same[0].endswith("the same amount: a sync imports it once")
    assert conflict[0].startswith("rows ") and " and " in conflict[0]
