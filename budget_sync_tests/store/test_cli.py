"""`budget-sync db upgrade` and `budget-sync check`, run through the real CLI entry point."""

import json

import pytest

from budget_sync.cli import main
from budget_sync.store.db import get_engine
from budget_sync.store.importer import import_budgets

from .conftest import budget


@pytest.fixture
def database(db_url, monkeypatch):
    monkeypatch.setenv("BUDGET_SYNC_DATABASE_URL", db_url)
    return db_url


def test_db_upgrade_prints_the_revision(database, capsys):
    assert main(["db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert "revision 0001" in out


def test_check_prints_a_readable_answer_and_json_with_decimal_strings(database, capsys):
    assert main(["db", "upgrade"]) == 0
    engine = get_engine(database)
    import_budgets(engine, "acme", [budget("Marketing", "FY2025", "123456789012345.67", sub="Events")])
    engine.dispose()
    capsys.readouterr()
    code = main(["check", "acme", "Marketing", "1200.5", "--period", "FY2025", "--sub-category", "Events"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("APPROVED  acme: Marketing / Events, FY2025")
    assert "123456789012345.67 USD" in out
    assert main(["check", "acme", "Marketing", "123456789012345.68", "--date", "2025-06-30", "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "over_budget"
    assert answer["available"] == "123456789012345.67" and answer["committed"] == "0.00"
    assert main(["check", "acme", "Legal", "1", "--period", "FY2025"]) == 1
    assert capsys.readouterr().out.startswith("NO BUDGET")


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "acme", "Marketing", "12,00"],
        ["check", "acme", "Marketing", "1", "--date", "30/06/2025"],
        ["check", "acme", "Marketing", "1", "--period", "June"],
    ],
)
def test_check_explains_bad_input_with_exit_status_2(database, capsys, argv):
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("budget-sync: ")
