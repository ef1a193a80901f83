"""The schema comes only from Alembic migrations, on both databases, and they agree with schema.py."""

import threading

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from budget_sync.store import db
from budget_sync.store.migrations_env import VERSION_TABLE
from budget_sync.store.schema import ROW_LEVEL_SECURITY, metadata

HEAD = "0005"

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
        assert db.upgrade(engine) == HEAD
        assert db.upgrade(engine) == HEAD
        inspector = sa.inspect(engine)
        assert set(inspector.get_table_names()) >= TABLES
        assert "budget_availability" in inspector.get_view_names()
        with engine.connect() as conn:
            assert db.current_revision(conn) == HEAD
            context = MigrationContext.configure(
                conn, opts={"version_table": VERSION_TABLE, "include_object": _on(conn.dialect.name)}
            )
            assert compare_metadata(context, metadata) == []
            assert row_level_security(conn) == (
                {"budget_availability": True, **{t: tuple(sorted(p)) for t, p in ROW_LEVEL_SECURITY.items()}}
                if conn.dialect.name == "postgresql"
                else {}
            )
    finally:
        engine.dispose()


def _on(dialect: str):
    """Alembic's filter: PostgreSQL-only tables are not expected on SQLite (migration 0002 is a no-op there)."""

    def include(obj, _name, type_, _reflected, _compare_to) -> bool:
        return dialect == "postgresql" or type_ != "table" or not obj.info.get("postgresql_only")

    return include


def row_level_security(conn) -> dict:
    """What the database enforces, which SQLAlchemy metadata cannot describe: per table with RLS on, its
    policy names (tables with RLS forced would show as 'FORCED'); the view's security_invoker flag."""
    if conn.dialect.name != "postgresql":
        return {}
    found: dict = {}
    tables = conn.execute(
        sa.text(
            "SELECT c.relname, c.relforcerowsecurity FROM pg_class c "
            "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relrowsecurity"
        )
    )
    for name, forced in tables:
        policies = conn.execute(
            sa.text(
                "SELECT policyname FROM pg_policies WHERE schemaname = current_schema() AND tablename = :t"
            ),
            {"t": name},
        )
        found[name] = "FORCED" if forced else tuple(sorted(p for (p,) in policies))
    options = conn.execute(
        sa.text("SELECT reloptions FROM pg_class WHERE relname = 'budget_availability' AND relkind = 'v'")
    ).scalar()
    found["budget_availability"] = "security_invoker=true" in (options or [])
    return found


def test_downgrading_below_0003_removes_row_level_security(pg_url):
    from alembic import command
    from alembic.config import Config

    engine = db.get_engine(pg_url)
    try:
        db.upgrade(engine)
        config = Config()
        config.set_main_option("script_location", str(db.MIGRATIONS))
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0002")
        with engine.connect() as conn:
            assert db.current_revision(conn) == "0002"
            assert row_level_security(conn) == {"budget_availability": False}
            assert "budget_access" not in sa.inspect(conn).get_table_names()
        assert db.upgrade(engine) == HEAD
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
    assert outcomes == [HEAD] * 3


def test_ready_engine_creates_the_sqlite_folder_and_upgrades_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'state' / 'nested' / 'budgets.db'}"
    engine = db.ready_engine(url)
    assert db.ready_engine(url) is engine
    with engine.connect() as conn:
        assert db.current_revision(conn) == HEAD
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
