"""`budget-sync db grant-reader | grant-spend-app | revoke | roles`, run through the real CLI entry point."""

from __future__ import annotations

import json

import pytest

from budget_sync.cli import main

from .conftest import rows

pytestmark = pytest.mark.postgres


def test_dry_run_prints_the_sql_and_changes_nothing(access_db, capsys):
    role = access_db.new_role("reader")
    url = access_db.url_as(access_db.owner)
    assert main(["db", "grant-spend-app", role, "--customers", "acme", "--dry-run", "--url", url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("-- dry run: nothing was changed")
    assert "GRANT SELECT ON budgets, budget_utilization" in out and f'TO "{role}";' in out
    assert f"VALUES ('{role}', 'acme', true, now())" in out
    assert f'GRANT UPDATE (read_at) ON notifications TO "{role}";' in out
    assert rows(access_db.owner_engine, "SELECT COUNT(*) FROM budget_access") == [(0,)]
    assert rows(access_db.owner_engine, "SELECT has_table_privilege(:r, 'budgets', 'SELECT')", r=role) == [
        (False,)
    ]


def test_grant_list_and_revoke(access_db, capsys):
    role = access_db.new_role("reader")
    url = access_db.url_as(access_db.owner)
    assert main(["db", "grant-reader", role, "--customers", "acme,globex", "--url", url]) == 0
    assert "INSERT INTO budget_access" in capsys.readouterr().out
    assert main(["db", "roles", "--url", url]) == 0
    assert capsys.readouterr().out == f"{role}: reads acme, globex; spend app for -\n"
    assert main(["db", "revoke", role, "--url", url]) == 0
    assert "REVOKE ALL ON budgets" in capsys.readouterr().out
    assert main(["db", "roles", "--json", "--url", url]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize(
    ("role", "customers", "expected"),
    [
        (
            "bs_test_no_such_role_x",
            "acme",
            "role 'bs_test_no_such_role_x' does not exist; the DBA creates it",
        ),
        ("postgres", "acme", "role 'postgres' is a superuser, so row-level security does not apply"),
        (None, "acme", "owns the tables, so row-level security does not apply"),
        ("READER", "acme,initech", "--customers: unknown customer 'initech' (not in budget_sources"),
        ("READER", ",", "--customers: name at least one customer id"),
    ],
)
def test_refusals_are_one_line_naming_the_problem(access_db, capsys, role, customers, expected):
    role = access_db.owner if role is None else access_db.new_role("reader") if role == "READER" else role
    url = access_db.url_as(access_db.owner)
    assert main(["db", "grant-reader", role, "--customers", customers, "--url", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("budget-sync: ") and expected in err and err.count("\n") == 1
    assert rows(access_db.owner_engine, "SELECT COUNT(*) FROM budget_access") == [(0,)]


def test_sqlite_is_refused_with_a_clear_message(sqlite_url, capsys):
    assert main(["db", "grant-reader", "app", "--customers", "acme", "--url", sqlite_url]) == 2
    err = capsys.readouterr().err
    assert "need PostgreSQL" in err and "BUDGET_SYNC_DATABASE_URL" in err and err.count("\n") == 1
    assert main(["db", "roles", "--url", sqlite_url]) == 2
