"""Row-level security on real PostgreSQL with real login roles: a downstream role sees and writes exactly the
customers granted to it, and the sync (the tables' owner, not a superuser) is not held back."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from psycopg2 import errors as pg_errors

from budget_sync.store import access
from budget_sync.store.importer import import_budgets

from ..db_state import database_state
from ..store.conftest import budget
from .conftest import rows

pytestmark = pytest.mark.postgres

BY_CUSTOMER = ("budgets", "budget_audit_log", "budget_syncs", "notifications", "budget_availability")


def counts(engine: sa.Engine, table: str) -> dict[str, int]:
    return dict(rows(engine, f"SELECT customer_id, COUNT(*) FROM {table} GROUP BY customer_id"))


def utilization(engine: sa.Engine, customer: str | None = None) -> dict[int, tuple[Decimal, Decimal]]:
    sql = (
        "SELECT u.budget_id, u.committed_amount, u.reserved_amount FROM budget_utilization u "
        "JOIN budgets b ON b.id = u.budget_id"
    )
    found = rows(engine, sql + (" WHERE b.customer_id = :c" if customer else ""), c=customer)
    return {budget_id: (committed, reserved) for budget_id, committed, reserved in found}


def budget_ids(engine: sa.Engine, customer: str, period: str | None = None) -> list[int]:
    sql = "SELECT id FROM budgets WHERE customer_id = :c" + (" AND fiscal_period = :p" if period else "")
    return sorted(r[0] for r in rows(engine, sql + " ORDER BY id", c=customer, p=period))


def refused(engine: sa.Engine, sql: str, **params) -> type[Exception]:
    """Runs `sql` expecting PostgreSQL to refuse it; returns the driver's error class."""
    with pytest.raises(sa.exc.DBAPIError) as caught, engine.begin() as conn:
        conn.execute(sa.text(sql), params)
    return type(caught.value.orig)


def test_a_reader_of_acme_sees_acme_in_every_table_and_the_view_and_nothing_of_globex(access_db):
    owner = access_db.owner_engine
    reader = access_db.new_role("reader")
    access.grant_reader(owner, reader, ["acme"])
    as_reader = access_db.engine_as(reader)

    for table in BY_CUSTOMER:
        everything = counts(owner, table)
        assert everything["globex"] > 0, table  # the owner sees both: there is something to hide
        assert counts(as_reader, table) == {"acme": everything["acme"]}, table
    assert utilization(as_reader) == utilization(owner, "acme") != {}
    assert rows(as_reader, "SELECT customer_id, last_status FROM budget_sources") == [("acme", None)]
    assert rows(as_reader, "SELECT role_name, customer_id, can_write FROM budget_access") == [
        (reader, "acme", False)
    ]
    # The view applies the reader's policies and computes exactly (NUMERIC): 1000.00 - 100.25 - 50.50.
    available = rows(
        as_reader, "SELECT DISTINCT available FROM budget_availability WHERE fiscal_period = '2025-01'"
    )
    assert available == [(Decimal("849.25"),)]
    # Where a customer's data is fetched from is not a reader's business.
    assert refused(as_reader, "SELECT source FROM budget_sources") is pg_errors.InsufficientPrivilege
    assert refused(as_reader, "SELECT notify FROM budget_sources") is pg_errors.InsufficientPrivilege


def test_a_role_without_grants_sees_no_row_even_with_table_privileges(access_db):
    outsider = access_db.new_role("outsider")
    # e.g. a blanket grant from before row-level security: it now shows nothing
    with access_db.owner_engine.begin() as conn:
        conn.exec_driver_sql(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{outsider}"')
    as_outsider = access_db.engine_as(outsider)
    for table in BY_CUSTOMER:
        assert counts(as_outsider, table) == {}, table
    assert utilization(as_outsider) == {}


WRITES = [
    "INSERT INTO budgets (customer_id, department, fiscal_period, period_start, period_end, budgeted_amount, "
    "currency, source, created_at, updated_at) VALUES ('acme', 'Legal', '2025-01', '2025-01-01', '2025-01-31', "
    "1, 'USD', 'sql', now(), now())",
    "UPDATE budgets SET budgeted_amount = 0 WHERE customer_id = 'acme'",
    "DELETE FROM budgets WHERE customer_id = 'acme'",
    "UPDATE budget_utilization SET committed_amount = 0",
    "INSERT INTO budget_utilization (budget_id) SELECT id FROM budgets WHERE fiscal_period = '2025-03'",
    "DELETE FROM budget_utilization",
    "UPDATE notifications SET read_at = now()",
    "INSERT INTO budget_access (role_name, customer_id, granted_at) VALUES (current_user, 'globex', now())",
    "UPDATE budget_access SET customer_id = 'globex'",
    "DELETE FROM budget_syncs",
    "INSERT INTO budget_audit_log (budget_id, customer_id, action, changed_by, reason, sync_id, at) "
    "VALUES (1, 'acme', 'x', 'x', 'x', 'x', now())",
    "UPDATE budget_sources SET active = false",
]


def test_a_reader_cannot_write_anything(access_db):
    reader = access_db.new_role("reader")
    access.grant_reader(access_db.owner_engine, reader, ["acme"])
    as_reader = access_db.engine_as(reader)
    before = database_state(access_db.url)
    for sql in WRITES:
        assert refused(as_reader, sql) is pg_errors.InsufficientPrivilege, sql
    assert database_state(access_db.url) == before


def test_the_spend_app_writes_acme_utilization_and_is_refused_on_globex(access_db):
    owner = access_db.owner_engine
    app = access_db.new_role("spend")
    access.grant_spend_app(owner, app, ["acme"])
    access.grant_reader(owner, app, ["globex"])  # reading globex does not let it write globex
    as_app = access_db.engine_as(app)
    globex_before = (utilization(owner, "globex"), rows(owner, "SELECT * FROM notifications ORDER BY id"))
    acme_id, globex_id = budget_ids(owner, "acme", "2025-01")[0], budget_ids(owner, "globex", "2025-01")[0]
    acme_unused, globex_unused = (
        budget_ids(owner, "acme", "2025-03")[0],
        budget_ids(owner, "globex", "2025-03")[0],
    )

    with as_app.begin() as conn:
        raise_by = (
            "UPDATE budget_utilization SET committed_amount = committed_amount + 10.10 WHERE budget_id = :b"
        )
        assert conn.execute(sa.text(raise_by), {"b": acme_id}).rowcount == 1
        assert conn.execute(sa.text(raise_by), {"b": globex_id}).rowcount == 0  # invisible to the update
        everyone = conn.execute(sa.text("UPDATE budget_utilization SET reserved_amount = 7.00")).rowcount
        conn.execute(
            sa.text("INSERT INTO budget_utilization (budget_id, committed_amount) VALUES (:b, 3.33)"),
            {"b": acme_unused},
        )
        marked = conn.execute(
            sa.text("UPDATE notifications SET read_at = now() WHERE read_at IS NULL")
        ).rowcount
    assert everyone == len(utilization(owner, "acme")) - 1 == 4  # acme's rows only (the new one came after)
    assert marked == 1
    assert utilization(owner, "acme")[acme_id] == (Decimal("110.35"), Decimal("7.00"))
    assert utilization(owner, "acme")[acme_unused] == (Decimal("3.33"), Decimal("0"))

    insert = "INSERT INTO budget_utilization (budget_id, committed_amount) VALUES (:b, 1)"
    assert refused(as_app, insert, b=globex_unused) is pg_errors.InsufficientPrivilege  # RLS WITH CHECK
    upsert = insert + " ON CONFLICT (budget_id) DO UPDATE SET committed_amount = 999"
    assert refused(as_app, upsert, b=globex_id) is pg_errors.InsufficientPrivilege
    move = "UPDATE budget_utilization SET budget_id = :b WHERE budget_id = :a"
    assert refused(as_app, move, b=globex_unused, a=acme_id) is pg_errors.InsufficientPrivilege
    assert refused(as_app, "UPDATE notifications SET title = 'x'") is pg_errors.InsufficientPrivilege
    assert refused(as_app, "DELETE FROM budget_utilization") is pg_errors.InsufficientPrivilege
    assert (utilization(owner, "globex"), rows(owner, "SELECT * FROM notifications ORDER BY id"))[
        0
    ] == globex_before[0]
    globex_notes = [
        r for r in rows(owner, "SELECT customer_id, read_at FROM notifications") if r[0] == "globex"
    ]
    assert globex_notes == [("globex", None)]


def test_turning_a_spend_app_into_a_reader_takes_its_write_privileges(access_db):
    owner = access_db.owner_engine
    app = access_db.new_role("spend")
    access.grant_spend_app(owner, app, ["acme"])
    access.grant_reader(owner, app, ["acme"])
    as_app = access_db.engine_as(app)
    assert (
        refused(as_app, "UPDATE budget_utilization SET committed_amount = 0")
        is pg_errors.InsufficientPrivilege
    )
    assert refused(as_app, "UPDATE notifications SET read_at = now()") is pg_errors.InsufficientPrivilege
    assert counts(as_app, "budgets") == {"acme": 6}


def test_a_sync_as_the_owner_still_works_and_readers_see_its_result(access_db):
    owner = access_db.owner_engine
    assert rows(owner, "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user") == [
        (False, False)
    ]
    reader = access_db.new_role("reader")
    access.grant_reader(owner, reader, ["acme", "globex"])
    kept = utilization(owner)
    periods = [f"2025-{m:02d}" for m in (1, 2, 3)]
    new_file = [budget(d, p, "1500.00") for d in ("Marketing", "Sales") for p in periods]
    result = import_budgets(owner, "acme", [*new_file, budget("Legal", "2025-01", "10.00")])
    assert (result.created, result.updated, result.unchanged) == (1, 6, 0)
    assert utilization(owner) == kept  # the spend app's figures survive a sync
    as_reader = access_db.engine_as(reader)
    assert counts(as_reader, "budgets") == {"acme": 7, "globex": 6}
    assert counts(as_reader, "budget_audit_log") == counts(owner, "budget_audit_log")
    legal = rows(as_reader, "SELECT budgeted, available FROM budget_availability WHERE department = 'Legal'")
    assert legal == [(Decimal("10.00"), Decimal("10.00"))]


def test_revoking_every_customer_takes_the_table_privileges_too(access_db):
    owner = access_db.owner_engine
    reader = access_db.new_role("reader")
    access.grant_reader(owner, reader, ["acme", "globex"])
    access.revoke(owner, reader, ["globex"])
    as_reader = access_db.engine_as(reader)
    assert counts(as_reader, "budgets") == {"acme": 6}
    assert [(r.role, r.read, r.write) for r in access.list_access(owner)] == [(reader, ("acme",), ())]
    access.revoke(owner, reader)
    assert access.list_access(owner) == []
    assert refused(as_reader, "SELECT * FROM budgets") is pg_errors.InsufficientPrivilege
    assert refused(as_reader, "SELECT customer_id FROM budget_sources") is pg_errors.InsufficientPrivilege
    privileges = rows(
        access_db.owner_engine,
        "SELECT COUNT(*) FROM information_schema.role_table_grants WHERE grantee = :r",
        r=reader,
    )
    assert privileges == [(0,)]
