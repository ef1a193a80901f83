"""The SQLite `budget_availability` view is plain SQL: the `sqlite3` shell and a Python connection without
budget_sync's functions read exactly what Decimal arithmetic says (migration 0005)."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
from decimal import Decimal

import pytest
import sqlalchemy as sa

from budget_sync.store import db
from budget_sync.store.importer import import_budgets
from budget_sync.store.money import to_money

from .conftest import budget

LARGEST = Decimal("999999999999999999.999999")
EDGES = [
    ("0.00", None, None),
    ("-0.50", "0.00", "0.00"),
    ("1.00", "0.000001", "0"),
    ("0.000001", "1.00", "0.00"),
    ("123456789012345.67", "0.10", "0.20"),
    ("0.30", "0.10", "0.20"),
    (str(LARGEST), str(-LARGEST), str(LARGEST)),
    (str(-LARGEST), str(LARGEST), str(LARGEST)),
    ("100.00", "99.999999", "0.000001"),
    ("-100.00", "-250.125", "0.875"),
]


def random_amount(rng: random.Random) -> Decimal:
    digits = rng.choice((1, 3, 9, 15, 18))
    whole = rng.randrange(10**digits)
    places = rng.choice((0, 2, 3, 6))
    fraction = Decimal(rng.randrange(10**places)).scaleb(-places) if places else Decimal(0)
    return to_money((whole + fraction) * rng.choice((1, -1)))


@pytest.fixture
def seeded(sqlite_url, tmp_path):
    """A migrated SQLite file with budgets and utilization covering the edges and random amounts;
    returns (path, {department: expected available})."""
    rng = random.Random(20261202)
    cases = EDGES + [
        (str(random_amount(rng)), str(random_amount(rng)), str(random_amount(rng))) for _ in range(300)
    ]
    engine = db.get_engine(sqlite_url)
    db.upgrade(engine)
    import_budgets(engine, "acme", [budget(f"D{i}", "FY2025", a) for i, (a, _c, _r) in enumerate(cases)])
    expected = {}
    with engine.begin() as conn:
        ids = dict(conn.execute(sa.text("SELECT department, id FROM budgets")).all())
        for i, (amount, committed, reserved) in enumerate(cases):
            if committed is not None:
                conn.execute(
                    sa.text(
                        "INSERT INTO budget_utilization (budget_id, committed_amount, reserved_amount) VALUES (:b, :c, :r)"
                    ),
                    {"b": ids[f"D{i}"], "c": committed, "r": reserved},
                )
            expected[f"D{i}"] = Decimal(amount) - Decimal(committed or 0) - Decimal(reserved or 0)
    engine.dispose()
    return tmp_path / "budgets.db", expected


def canonical_text(value: Decimal) -> str:
    """Money's canonical text (two decimals at least, no trailing zeros beyond), without its size limit: the
    difference of three amounts may have 19 integer digits."""
    if not value:
        return "0.00"
    whole, _, decimals = format(value, "f").partition(".")
    return f"{whole}.{decimals.rstrip('0').ljust(2, '0')}"


def test_a_plain_sqlite_connection_reads_exact_availability(seeded):
    path, expected = seeded
    with sqlite3.connect(path) as conn:  # no money_available registered
        found = dict(conn.execute("SELECT department, available FROM budget_availability").fetchall())
    assert found == {d: canonical_text(v) for d, v in expected.items()}
    assert found["D6"] == str(LARGEST) and found["D5"] == "0.00" and found["D1"] == "-0.50"


@pytest.mark.skipif(not shutil.which("sqlite3") and not os.environ.get("CI"), reason="no sqlite3 shell")
def test_the_sqlite3_shell_reads_exact_availability(seeded):
    path, expected = seeded
    out = subprocess.run(
        [
            shutil.which("sqlite3") or "sqlite3",
            "-readonly",
            str(path),
            "SELECT department, available FROM budget_availability",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = dict(line.split("|") for line in out.splitlines())
    assert found == {d: canonical_text(v) for d, v in expected.items()}


def test_downgrading_0005_restores_the_view_on_the_python_function(sqlite_url):
    from alembic import command
    from alembic.config import Config

    engine = db.get_engine(sqlite_url)
    try:
        db.upgrade(engine)
        import_budgets(engine, "acme", [budget("Ops", "FY2025", "10.50")])
        config = Config()
        config.set_main_option("script_location", str(db.MIGRATIONS))
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0004")
        with engine.connect() as conn:
            sql = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'budget_availability'"
            ).scalar()
            assert "money_available(" in sql
            assert conn.exec_driver_sql("SELECT available FROM budget_availability").scalar() == "10.50"
        assert db.upgrade(engine) == "0005"
        with engine.connect() as conn:
            sql = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'budget_availability'"
            ).scalar()
            assert "money_available(" not in sql
    finally:
        engine.dispose()
