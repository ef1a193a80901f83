"""`budget-sync db upgrade` and `budget-sync check`, run through the real CLI entry point."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from budget_sync.cli import COMMAND_MODULES, main
from budget_sync.store.db import current_revision, get_engine
from budget_sync.store.importer import import_budgets

from .conftest import budget


@pytest.fixture
def database(db_url, monkeypatch):
    monkeypatch.setenv("BUDGET_SYNC_DATABASE_URL", db_url)
    return db_url


def test_db_upgrade_prints_the_revision(database, capsys):
    assert main(["db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert "revision 0005" in out


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


def test_the_installed_command_lists_every_subcommand_in_its_help():
    command = Path(sys.executable).parent / "budget-sync"
    shown = subprocess.run([str(command), "--help"], capture_output=True, text=True, timeout=60, check=True)
    listed = shown.stdout.split("positional arguments:")[1]
    for name in COMMAND_MODULES:
        assert f"\n    {name.replace('_', '-')}  " in listed, name
    assert "BUDGET_SYNC_DATABASE_URL" in shown.stdout
    check = subprocess.run([str(command), "check", "--help"], capture_output=True, text=True, timeout=60)
    assert "CUSTOMER DEPARTMENT AMOUNT" in check.stdout and "[--period P | --date D]" in check.stdout
    assert "0 approved, 1 over budget or no budget, 2 bad input" in " ".join(check.stdout.split())


def test_check_on_a_fresh_database_upgrades_the_schema_first(database, capsys):
    assert main(["check", "acme", "Marketing", "1", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["status"] == "no_budget"
    engine = get_engine(database)
    with engine.connect() as conn:
        assert current_revision(conn) == "0005"
    engine.dispose()


@pytest.mark.postgres
def test_db_upgrade_never_prints_the_password_of_the_url(pg_url, capsys):
    from sqlalchemy.engine import make_url

    with_password = make_url(pg_url).set(password="s3cret-pw").render_as_string(hide_password=False)
    assert main(["db", "upgrade", "--url", with_password]) == 0  # the test server trusts local users
    out = capsys.readouterr().out
    assert "revision 000" in out and "s3cret-pw" not in out and "***" in out


def test_version_and_log_level_options(database):
    import logging
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "budget_sync", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "budget-sync 0.1.0"
    logger = logging.getLogger("budget_sync")
    for argv, level in (([], logging.WARNING), (["-v"], logging.INFO), (["-vv"], logging.DEBUG)):
        assert main([*argv, "db", "upgrade"]) == 0
        assert logger.level == level
    assert main(["-vv", "--log-level", "error", "db", "upgrade"]) == 0
    assert logger.level == logging.ERROR
    assert len([h for h in logger.handlers if getattr(h, "budget_sync_cli", False)]) == 1
