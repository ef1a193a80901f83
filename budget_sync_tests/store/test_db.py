"""Engines for the configured database: a URL that cannot be used is a clear error naming the setting."""

import pytest

from budget_sync.cli import main
from budget_sync.errors import ConfigError
from budget_sync.store import db


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("var/budgets-file", "Could not parse SQLAlchemy URL"),
        ("mysql://app:s3cret-pw@db/budgets", "No module named"),
        ("postgresql+nodriver://app:s3cret-pw@db/budgets", "Can't load plugin"),
    ],
)
def test_an_unusable_database_url_names_the_setting_and_hides_the_url(monkeypatch, url, words):
    monkeypatch.setenv("BUDGET_SYNC_DATABASE_URL", url)
    for make in (db.get_engine, db.ready_engine):
        with pytest.raises(ConfigError, match="BUDGET_SYNC_DATABASE_URL cannot be used") as caught:
            make()
        assert words in str(caught.value)
        assert "s3cret" not in str(caught.value) and url not in str(caught.value)
    with pytest.raises(ConfigError, match="^database URL cannot be used"):
        db.get_engine(url)


def test_the_cli_reports_it_in_one_line_with_exit_status_2(monkeypatch, capsys):
    monkeypatch.setenv("BUDGET_SYNC_DATABASE_URL", "mysql://app:s3cret-pw@db/budgets")
    assert main(["check", "acme", "Marketing", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("budget-sync: BUDGET_SYNC_DATABASE_URL cannot be used") and "s3cret" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_db_upgrade_takes_the_usual_postgresql_url_form(pg_url, scheme, monkeypatch, capsys):
    """`postgresql://user@host/db` is what DBAs hand out; it runs on the installed psycopg2 driver."""
    plain = scheme + "://" + pg_url.split("://", 1)[1]
    monkeypatch.setenv("BUDGET_SYNC_DATABASE_URL", plain)
    assert main(["db", "upgrade"]) == 0
    assert "revision" in capsys.readouterr().out
    assert db.get_engine(plain).dialect.driver == "psycopg2"
