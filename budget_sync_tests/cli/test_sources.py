"""`budget-sync sources apply | list | test`."""

from __future__ import annotations

import json

from budget_sync.store.db import ready_engine
from budget_sync_tests.cli.conftest import ROWS
from budget_sync_tests.pipeline.conftest import budget_rows, sync_rows
from budget_sync_tests.sources_api.conftest import sa_key, sheets, sheets_settings  # noqa: F401  (fixtures)


def test_apply_reports_added_updated_unchanged_removed(cli, customers_file):
    path = customers_file("acme", "globex")
    code, out, _ = cli("sources", "apply", path)
    assert code == 0
    assert "added       2  acme, globex" in out
    assert "unchanged   2  acme, globex" in cli("sources", "apply", path)[1]
    path = customers_file("acme", extra="    timezone: Europe/Paris\n")
    out = cli("sources", "apply", path)[1]
    assert "updated     1  acme" in out and "removed     1  globex" in out


def test_removed_customer_keeps_its_data_and_comes_back(cli, customers_file, drops, sqlite_url):
    drops.write("globex", "b.csv", ROWS)
    cli("sources", "apply", customers_file("acme", "globex"))
    assert cli("sync", "globex")[0] == 0
    cli("sources", "apply", customers_file("acme"))
    _, listing = cli.json("sources", "list")
    assert [row["customer_id"] for row in listing] == ["acme"]
    out = cli("sources", "list", "--all")[1]
    assert "removed (success)" in out
    assert len(budget_rows(ready_engine(sqlite_url), "globex")) == 5
    code, _, err = cli("sync", "globex")
    assert code == 2 and "customer 'globex' is not registered" in err
    assert "added       0" in cli("sources", "apply", customers_file("acme", "globex"))[1]
    assert cli("sync", "globex")[0] == 0


def test_keep_missing_leaves_other_customers_active(cli, customers_file):
    cli("sources", "apply", customers_file("acme", "globex"))
    out = cli("sources", "apply", customers_file("acme"), "--keep-missing")[1]
    assert "removed     0" in out and "kept        1  globex" in out
    assert [r["customer_id"] for r in cli.json("sources", "list")[1]] == ["acme", "globex"]


def test_apply_refuses_an_invalid_file_and_changes_nothing(cli, customers_file, tmp_path):
    cli("sources", "apply", customers_file("acme"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("customers:\n  - id: Acme Corp\n    source: {type: ftp}\n    sync_frequency: weekly\n")
    code, out, err = cli("sources", "apply", bad)
    assert code == 2 and out == ""
    assert f"{bad}: 3 problems" in err and "customers[0]" in err and "sync_frequency 'weekly'" in err
    assert [r["customer_id"] for r in cli.json("sources", "list")[1]] == ["acme"]


def test_apply_warns_about_unset_env_vars_but_applies(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("ACME_GOOGLE_SA", raising=False)
    path = tmp_path / "c.yaml"
    path.write_text(
        "customers:\n  - id: acme\n    source: {type: google_sheets, spreadsheet_id: abc, "
        "credentials_env: ACME_GOOGLE_SA}\n"
    )
    code, out, err = cli("sources", "apply", path)
    assert code == 0 and "added       1  acme" in out
    assert "warning: customer 'acme': environment variable ACME_GOOGLE_SA is not set" in err


def test_list_shows_type_frequency_last_sync_and_status(cli, customers_file, drops):
    drops.write("acme", "b.csv", ROWS)
    cli("sources", "apply", customers_file("acme", "globex"))
    cli("sync", "acme")
    cli("sync", "globex")  # no folder: fails
    out = cli("sources", "list")[1].splitlines()
    assert out[0].split() == ["ID", "NAME", "TYPE", "FREQUENCY", "LAST", "SYNCED", "STATUS"]
    assert out[1].split()[:5] == ["acme", "Acme", "Inc", "local", "daily"] and out[1].endswith("success")
    assert out[2].split()[-2:] == ["-", "failed"]
    _, rows = cli.json("sources", "list")
    assert rows[0]["last_status"] == "success" and rows[0]["last_synced_at"]
    assert rows[1]["last_status"] == "failed" and rows[1]["last_synced_at"] is None
    assert "does not exist" in rows[1]["last_error"]


def test_list_with_no_customers_says_how_to_add_them(cli):
    assert "budget-sync sources apply" in cli("sources", "list")[1]


def test_test_shows_what_a_first_sync_would_do_and_writes_nothing(cli, customers_file, drops, sqlite_url):
    drops.write("acme", "b.csv", [*ROWS, ("Support", "Tools", "FY2025-Q1", "lots", "USD")])
    cli("sources", "apply", customers_file("acme"))
    code, out, _ = cli("sources", "test", "acme")
    assert code == 0
    assert "connection ok: fetched b.csv" in out
    assert "Budget Amount" in out and "budgeted_amount" in out
    assert "would import 5 budgets (dry run: nothing written)" in out
    assert "created 5 | updated 0 | unchanged 0 | removed 0 | restored 0 | rejected 1" in out
    assert "rejected row 7:" in out
    engine = ready_engine(sqlite_url)
    assert budget_rows(engine) == [] and sync_rows(engine, "acme") == []
    _, data = cli.json("sources", "test", "acme")
    assert data["dryRun"] is True and data["budgetsCreated"] == 5 and data["mapping"]["columns"]


def test_test_can_check_a_customer_before_it_is_applied(cli, customers_file, drops):
    drops.write("acme", "b.csv", ROWS)
    code, out, _ = cli("sources", "test", "acme", "--file", customers_file("acme"))
    assert code == 0 and "would import 5 budgets" in out
    assert json.loads(cli("sources", "list", "--json")[1]) == []


def test_test_failure_names_the_customer_and_exits_1(cli, customers_file):
    cli("sources", "apply", customers_file("acme"))
    code, _, err = cli("sources", "test", "acme")
    assert code == 1 and "test of customer 'acme' failed" in err and "does not exist" in err


def _database_state(url: str) -> tuple:
    """Every row of every table, plus (SQLite) the database file's bytes after a WAL checkpoint: a
    committed write of any kind, even one undone later, would change them."""
    import sqlite3

    import sqlalchemy as sa

    from budget_sync.store.schema import metadata

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            tables = {
                t.name: sorted(map(repr, conn.execute(sa.select(t))))
                for t in metadata.sorted_tables
                if conn.dialect.name == "postgresql" or not t.info.get("postgresql_only")
            }
    finally:
        engine.dispose()
    if not url.startswith("sqlite"):
        return tables, None
    path = sa.engine.make_url(url).database
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "rb") as handle:
        return tables, handle.read()


def test_test_after_a_sync_shows_updates_removals_rejections_and_leaves_the_database_identical(
    cli, customers_file, drops, db_url, tmp_path
):
    cli.use(db_url)
    drops.write("acme", "b.csv", ROWS)
    cli("sources", "apply", customers_file("acme"))
    assert cli("sync", "acme")[0] == 0
    changed = [
        ("Marketing", "Events", "FY2025-Q1", "1500.00", "USD"),  # updated
        *ROWS[1:4],  # unchanged; Engineering FY2025-Q1 is gone, but kept: a row could not be read
        ("Support", "Tools", "FY2025-Q2", "75.00", "USD"),  # created
        ("Support", "Travel", "FY2025-Q2", "n/a", "USD"),  # rejected (row 7)
    ]
    drops.touch_later(drops.write("acme", "c.csv", changed))
    raw_dir = tmp_path / "home" / "raw"
    raw_before = sorted(raw_dir.rglob("*"))
    state_before = _database_state(db_url)

    code, out, err = cli("sources", "test", "acme")
    assert code == 0, err
    assert "connection ok: fetched c.csv" in out
    assert "created 1 | updated 1 | unchanged 3 | removed 0 | restored 0 | rejected 1" in out
    assert "rejected row 7:" in out and "no budget was removed in this sync: row(s) 7" in out
    _, data = cli.json("sources", "test", "acme")
    counts = ("budgetsCreated", "budgetsUpdated", "budgetsUnchanged", "budgetsRemoved", "rejected")
    assert [data[key] for key in counts] == [1, 1, 3, 0, 1]
    assert data["dryRun"] is True and data["errors"][0]["row"] == 7

    assert _database_state(db_url) == state_before
    assert sorted(raw_dir.rglob("*")) == raw_before


def test_test_of_a_google_sheets_customer_against_the_fake_api(cli, tmp_path, request):
    """The setup flow's "test connection & sync" for an API source: gspread against the local Sheets fake."""
    fake = request.getfixturevalue("sheets")
    source = sheets_settings(fake, sheet="FY2025 Budget")
    path = tmp_path / "customers.yaml"
    path.write_text(
        "customers:\n  - id: acme\n    source: "
        + json.dumps(source)
        + "\n    mapping: {department: Dept, budgeted_amount: FY25 Budget, default_period: FY2025}\n"
    )
    code, out, err = cli("sources", "test", "acme", "--file", path)
    assert code == 0, err
    assert "connection ok: fetched Acme Budget 2025 / FY2025 Budget" in out
    assert "from google_sheets://sheet-abc/FY2025 Budget" in out
    assert "would import 2 budgets" in out and "rejected 0" in out
    # R&D has no amount: not a budget, not a rejection, but shown; the empty row is counted
    assert "skipped row 3: no amounts in row ('R&D')" in out and "skipped 1 blank row" in out
    _, data = cli.json("sources", "test", "acme", "--file", path)
    assert (
        data["budgetsCreated"] == 2
        and {"row": 3, "reason": "no amounts in row ('R&D')"} in data["skippedRows"]
    )
