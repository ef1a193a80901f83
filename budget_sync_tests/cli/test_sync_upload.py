"""`budget-sync sync CUSTOMER` and `budget-sync upload CUSTOMER FILE`: the contract JSON and exit codes."""

from __future__ import annotations

from datetime import datetime

from budget_sync.pipeline import CONTRACT_KEYS
from budget_sync.store.db import ready_engine
from budget_sync_tests.cli.conftest import ROWS
from budget_sync_tests.pipeline.conftest import budget_rows, sync_rows


def test_sync_json_has_the_contract_keys_and_values(cli, customers_file, drops, db_url):
    cli.use(db_url)
    drops.write("acme", "b.csv", ROWS)
    cli("sources", "apply", customers_file("acme"))
    code, data = cli.json("sync", "acme")
    assert code == 0
    assert set(CONTRACT_KEYS) <= set(data)
    assert {key: data[key] for key in CONTRACT_KEYS if key != "lastSyncedAt"} == {
        "success": True,
        "budgetsImported": 5,
        "budgetsUpdated": 0,
        "budgetsCreated": 5,
        "budgetsUnchanged": 0,
        "budgetsRemoved": 0,
        "rejected": 0,
    }
    assert datetime.fromisoformat(data["lastSyncedAt"]).tzinfo is not None
    code, again = cli.json("sync", "acme")
    assert (code, again["skipped"], again["budgetsUnchanged"], again["budgetsCreated"]) == (0, True, 5, 0)
    code, forced = cli.json("sync", "acme", "--force")
    assert (forced["skipped"], forced["budgetsUnchanged"]) == (False, 5)


def test_sync_prints_a_readable_summary(cli, customers_file, drops):
    drops.write("acme", "b.csv", ROWS)
    cli("sources", "apply", customers_file("acme"))
    code, out, _ = cli("sync", "acme")
    assert code == 0
    assert "acme: synced 5 budgets from b.csv" in out and "created 5 | updated 0" in out
    assert "unchanged since the last good sync" in cli("sync", "acme")[1]


def test_failed_sync_exits_1_with_the_reason_and_success_false(cli, customers_file, drops, sqlite_url):
    drops.write("acme", "b.csv", ROWS)
    cli("sources", "apply", customers_file("acme"))
    cli("sync", "acme")
    broken = drops.root / "acme" / "c.csv"
    broken.write_text("just one line of prose, no table at all\n")
    drops.touch_later(broken)
    code, data = cli.json("sync", "acme")
    assert code == 1
    assert data["success"] is False and "c.csv" in data["error"]
    assert data["lastSyncedAt"]  # budget checks still use this sync's data
    code, _, err = cli("sync", "acme")
    assert code == 1 and "c.csv" in err and "last good sync" in err
    assert len(budget_rows(ready_engine(sqlite_url), "acme")) == 5


def test_sync_of_an_unknown_customer_says_how_to_add_it(cli):
    code, _, err = cli("sync", "nobody")
    assert code == 2 and "sources apply" in err


def test_upload_maps_and_imports_like_a_scheduled_sync(cli, customers_file, drops, tmp_path, sqlite_url):
    cli("sources", "apply", customers_file("acme"))
    upload = drops.write("uploads", "march.csv", ROWS)
    code, data = cli.json("upload", "acme", upload)
    assert code == 0 and data["budgetsCreated"] == 5 and data["file"]["name"] == "march.csv"
    [row] = sync_rows(ready_engine(sqlite_url), "acme")
    assert (row["trigger"], row["status"]) == ("upload", "success")
    assert row["source_file"] == upload.as_uri()
    assert cli.json("upload", "acme", upload)[1]["skipped"] is True
    changed = drops.write("uploads", "april.csv", [ROWS[0][:3] + ("1.00", "USD"), *ROWS[1:]])
    code, data = cli.json("upload", "acme", changed)
    assert (data["budgetsUpdated"], data["budgetsUnchanged"]) == (1, 4)
    stored = {r[3]: r[4] for r in budget_rows(ready_engine(sqlite_url), "acme") if r[1] == "Marketing"}
    assert str(stored["FY2025-Q1"]) == "1.00"


def test_upload_errors_name_the_file(cli, customers_file, drops, tmp_path):
    cli("sources", "apply", customers_file("acme"))
    code, _, err = cli("upload", "acme", tmp_path / "nope.xlsx")
    assert code == 2 and "nope.xlsx: file not found" in err
    odd = drops.write("uploads", "odd.csv", [("x", "y")], header=("Colour", "Shape"))
    code, _, err = cli("upload", "acme", odd)
    assert code == 1 and "odd.csv" in err


def test_a_mass_removal_needs_allow_mass_change(cli, customers_file, drops, sqlite_url):
    cli("sources", "apply", customers_file("acme"))
    cli("upload", "acme", drops.write("uploads", "full.csv", ROWS))
    partial = drops.write("uploads", "partial.csv", ROWS[:2])
    code, data = cli.json("upload", "acme", partial)
    assert (
        code == 1
        and "would remove 3 of 5 budgets" in data["error"]
        and "--allow-mass-change" in data["error"]
    )
    code, data = cli.json("upload", "acme", partial, "--allow-mass-change")
    assert code == 0 and data["budgetsRemoved"] == 3


def test_unreachable_database_is_a_clear_error_without_the_password(cli):
    cli.use("postgresql+psycopg2://budget:s3cret-pw@127.0.0.1:1/budgets")
    code, out, err = cli("sync", "acme")
    assert code == 2 and out == ""
    assert "cannot use the budget database (BUDGET_SYNC_DATABASE_URL)" in err and "127.0.0.1" in err
    assert "s3cret-pw" not in err


def test_upload_prints_the_same_json_and_stores_the_same_budgets_as_a_scheduled_sync(
    cli, drops, tmp_path, db_url
):
    """acme gets the file by `upload`, globex by a scheduled-style `sync` of its drop folder; both use
    the customer's mapping settings (here: no currency column, default_currency EUR, a renamed column)."""
    cli.use(db_url)
    header = ("Team", "Sub-category", "Fiscal Period", "Plan")
    rows = [row[:4] for row in ROWS] + [("Support", "Tools", "FY2025-Q1", "lots")]
    drops.write("globex", "plan.csv", rows, header=header)
    upload = drops.write("uploads", "plan.csv", rows, header=header)
    settings = (
        "    source: {{type: local, path: {path}, stable_seconds: 0}}\n"
        "    mapping: {{department: Team, budgeted_amount: Plan}}\n"
        "    default_currency: EUR\n"
    )
    customers = tmp_path / "customers.yaml"
    customers.write_text(
        "customers:\n"
        + "  - id: acme\n"
        + settings.format(path=drops.root / "acme")
        + "  - id: globex\n"
        + settings.format(path=drops.root / "globex")
    )
    assert cli("sources", "apply", customers)[0] == 0

    code, uploaded = cli.json("upload", "acme", upload)
    assert code == 0
    code, synced = cli.json("sync", "globex")
    assert code == 0
    assert set(uploaded) == set(synced)
    differ = {"customerId", "syncId", "lastSyncedAt"}
    assert {k: v for k, v in uploaded.items() if k not in differ} == {
        k: v for k, v in synced.items() if k not in differ
    }
    assert (uploaded["budgetsCreated"], uploaded["rejected"], uploaded["errors"][0]["row"]) == (5, 1, 7)
    engine = ready_engine(db_url)
    acme = [row[1:] for row in budget_rows(engine, "acme")]
    assert acme == [row[1:] for row in budget_rows(engine, "globex")]
    assert {row[4] for row in acme} == {"EUR"}
    [upload_row], [sync_row] = sync_rows(engine, "acme"), sync_rows(engine, "globex")
    assert (upload_row["trigger"], sync_row["trigger"]) == ("upload", "cli")
    columns = ("status", "total", "created", "updated", "unchanged", "removed", "rejected", "checksum")
    assert [upload_row[c] for c in columns] == [sync_row[c] for c in columns]


def test_upload_json_warns_about_control_totals_that_do_not_match(cli, customers_file, drops):
    cli("sources", "apply", customers_file("acme"))
    upload = drops.write("uploads", "march.csv", [*ROWS, ("Total", "", "FY2025-Q1", "1.00", "USD")])

    code, data = cli.json("upload", "acme", upload)
    _, out, _ = cli("upload", "acme", upload, "--force")

    assert code == 0 and data["success"] is True and data["budgetsCreated"] == 5
    [warning] = data["warnings"]
    assert "control total" in warning and "Total" in warning and "the file says 1.00" in warning
    assert "warning: control total" in out
