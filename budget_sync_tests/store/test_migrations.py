"""The schema comes only from Alembic migrations, on both databases, and they agree with schema.py."""

import threading

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from budget_sync.store import db
from budget_sync.store.migrations_env import VERSION_TABLE
from budget_sync.store.schema import metadata

TABLES = {
    "budgets",
    "budget_utilization",
    "budget_audit_log",
    "budget_sources",
    "budget_syncs",
    "notifications",
}


def test_upgrade_creates_the_schema_and_is_safe_to_repeat(db_url):
    engine = db.get_engine(db_url)
    try:
        assert db.upgrade(engine) == "0002_service"
        assert db.upgrade(engine) == "0002_service"
        inspector = sa.inspect(engine)
        assert set(inspector.get_table_names()) >= TABLES
        assert "budget_availability" in inspector.get_view_names()
        with engine.connect() as conn:
            assert db.current_revision(conn) == "0002_service"
            context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_concurrent_upgrades_of_a_fresh_database_wait_for_each_other(db_url):
    engines = [db.get_engine(db_url) for _ in range(3)]
    outcomes: list = []

    def run(engine):
        try:
            outcomes.append(db.upgrade(engine))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for engine in engines:
        engine.dispose()
    assert outcomes == ["0002_service"] * 3


def test_ready_engine_creates_the_sqlite_folder_and_upgrades_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'state' / 'nested' / 'budgets.db'}"
    engine = db.ready_engine(url)
    assert db.ready_engine(url) is engine
    with engine.connect() as conn:
        assert db.current_revision(conn) == "0002_service"
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
