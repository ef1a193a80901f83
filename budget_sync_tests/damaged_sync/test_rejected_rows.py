"""A row the mapping rejects (an error cell, an unparsable amount) never removes the budget stored for it."""

from __future__ import annotations

import json

from budget_sync_tests.cli.conftest import ROWS
from budget_sync_tests.damaged_sync.conftest import budget_tables
from budget_sync_tests.db_state import database_state

LONG = [
    ("Marketing", "Events", "FY2025-Q1", "1000.10", "USD"),
    ("Marketing", "Events", "FY2025-Q2", "1000.20", "USD"),
    ("Sales", "Travel", "FY2025-Q1", "500.00", "USD"),
    ("Sales", "Travel", "FY2025-Q2", "0.30", "USD"),
    ("Engineering", "Cloud", "FY2025-Q1", "800.00", "USD"),
    *((f"Dept {n:02}", "Opex", "FY2025-Q1", f"{n}00.00", "USD") for n in range(1, 6)),
]
WIDE_HEADER = ("Department", "Sub-category", "2025-01", "2025-02", "2025-03")
WIDE = [
    ("Marketing", "Events", "100.00", "200.00", "300.00"),
    ("Sales", "Travel", "10.00", "20.00", "30.00"),
    ("Engineering", "Cloud", "1.00", "2.00", "3.00"),
    *((f"Dept {n:02}", "Opex", "5.00", "6.00", "7.00") for n in range(1, 13)),
]


def _approved(cli, *args: str) -> dict:
    code, out, err = cli("check", "acme", *args, "--json")
    data = json.loads(out)
    assert data["status"] == "approved", (out, err)
    return data


def _setup(cli, customers_file, drops, db_url, rows, header=None):
    cli.use(db_url)
    drops.write("acme", "a.csv", rows, **({"header": header} if header else {}))
    cli("sources", "apply", customers_file("acme"))
    code, data = cli.json("sync", "acme")
    assert code == 0 and data["budgetsCreated"] == len(rows) * (3 if header else 1), data


def _upload(cli, drops, name, rows, header=None):
    path = drops.write("uploads", name, rows, **({"header": header} if header else {}))
    return cli.json("upload", "acme", path)


def test_ref_error_in_the_only_amount_of_a_row_removes_nothing(cli, customers_file, drops, db_url):
    _setup(cli, customers_file, drops, db_url, LONG)
    before = budget_tables(database_state(db_url))
    damaged = [*LONG[:4], ("Engineering", "Cloud", "FY2025-Q1", "#REF!", "USD"), *LONG[5:]]
    code, data = _upload(cli, drops, "b.csv", damaged)
    assert (code, data["budgetsRemoved"], data["rejected"]) == (0, 0, 1), data
    assert data["errors"][0]["row"] == 6
    assert any("no budget was removed" in w and "6" in w for w in data["warnings"]), data
    assert budget_tables(database_state(db_url)) == before
    assert _approved(cli, "Engineering", "10", "--period", "FY2025-Q1")["budgeted"] == "800.00"


def test_unparsable_amount_keeps_its_budget_and_other_removals_wait(cli, customers_file, drops, db_url):
    """The key of the bad row cannot be read (no budget came from it): no budget is removed in this sync,
    even one the file really dropped (Sales Q2); the other rows still update."""
    _setup(cli, customers_file, drops, db_url, LONG)
    damaged = [
        ("Marketing", "Events", "FY2025-Q1", "1111.00", "USD"),
        LONG[1],
        LONG[2],
        ("Engineering", "Cloud", "FY2025-Q1", "12,34.5.6", "USD"),
        *LONG[5:],
    ]
    code, data = _upload(cli, drops, "b.csv", damaged)
    assert (code, data["budgetsUpdated"], data["budgetsRemoved"], data["rejected"]) == (0, 1, 0, 1), data
    _approved(cli, "Engineering", "10", "--period", "FY2025-Q1")
    _approved(cli, "Sales", "0.10", "--period", "FY2025-Q2", "--sub-category", "Travel")
    code, data = _upload(cli, drops, "c.csv", [*damaged[:3], *LONG[4:]])
    assert (code, data["budgetsRemoved"], data["rejected"]) == (0, 1, 0), data  # clean file: Sales Q2 goes


def test_error_cell_in_a_wide_row_protects_that_row_only(cli, customers_file, drops, db_url):
    """Wide layout: the row's other months name its department, so only that department and sub-category
    are protected; a row the file really dropped is still removed."""
    _setup(cli, customers_file, drops, db_url, WIDE, header=WIDE_HEADER)
    damaged = [("Marketing", "Events", "100.00", "#REF!", "300.00"), WIDE[1], *WIDE[3:]]
    code, data = _upload(cli, drops, "b.csv", damaged, header=WIDE_HEADER)
    assert (code, data["budgetsRemoved"], data["rejected"]) == (0, 3, 1), data
    assert "warnings" not in data
    assert _approved(cli, "Marketing", "10", "--period", "2025-02")["budgeted"] == "200.00"
    code, out, _ = cli("check", "acme", "Engineering", "1", "--period", "2025-02", "--json")
    assert json.loads(out)["status"] == "no_budget"


def test_a_clean_resync_still_removes_missing_budgets(cli, customers_file, drops, db_url):
    _setup(cli, customers_file, drops, db_url, ROWS)
    code, data = _upload(cli, drops, "b.csv", ROWS[:4])
    assert (code, data["budgetsRemoved"], data["rejected"]) == (0, 1, 0)
