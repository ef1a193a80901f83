"""Damaged-sync fixtures: the CLI in process against a real database, customers on local drop folders."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from budget_sync.config import parse_customers
from budget_sync.pipeline import apply_customers_file
from budget_sync.store.schema import budget_syncs
from budget_sync_tests.cli.conftest import cli, customers_file  # noqa: F401  (fixtures)
from budget_sync_tests.db_state import database_state
from budget_sync_tests.pipeline.conftest import HEADER, ROWS, drops, engine, home  # noqa: F401  (fixtures)

BUDGET_TABLES = ("budgets", "budget_utilization", "budget_audit_log")


def budget_tables(state: dict) -> dict:
    """The budget tables of a `database_state` snapshot (what a refused or partly read file must not change)."""
    return {name: state[name] for name in BUDGET_TABLES}


@pytest.fixture
def engine_and_customer(engine, drops):  # noqa: F811
    """(engine, drops/acme, register(**source settings)): customer acme on a local folder with a.csv."""
    drops.write("acme", "a.csv", ROWS)

    def register(**settings) -> None:
        source = {"type": "local", "path": str(drops.root / "acme"), "stable_seconds": 0, **settings}
        apply_customers_file(engine, parse_customers({"customers": [{"id": "acme", "source": source}]}))

    return engine, drops.root / "acme", register


MONTH_ROWS = [(f"Dept {n:03}", "Opex", "2025-12", f"{n}080.00", "USD") for n in range(1, 81)]
STATUS_TABLES = {"budget_syncs", "budget_sources"}


def csv_text(rows, header=HEADER) -> str:
    """The CSV a spreadsheet writes (one line per row, LF line ends, a final newline)."""
    return "".join(",".join(row) + "\n" for row in [header, *rows])


@pytest.fixture
def acme(cli, customers_file, drops, db_url):  # noqa: F811
    """Customer acme synced through the CLI (on `db_url`) from 80 December budgets, Dept 001 to Dept 080.

    `acme.upload(name, data)` writes bytes or text to the uploads folder and runs `budget-sync upload`;
    `acme.refused(name, data, *words)` asserts the upload failed with one line naming the file and the
    words, the budget tables are exactly as before and only the sync record (one new row, the failed
    attempt) and the customer's status moved."""
    cli.use(db_url)
    drops.write("acme", "a.csv", MONTH_ROWS)
    cli("sources", "apply", customers_file("acme"))
    code, data = cli.json("sync", "acme")
    assert (code, data["budgetsCreated"]) == (0, 80), data

    class Acme:
        url = db_url

        def write(self, name: str, data: bytes | str):
            path = drops.root / "uploads" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.encode() if isinstance(data, str) else data)
            return path

        def upload(self, name: str, data: bytes | str, *options: str) -> tuple[int, dict]:
            return cli.json("upload", "acme", self.write(name, data), *options)

        def refused(self, name: str, data: bytes | str, *words: str) -> str:
            before = database_state(db_url)
            code, result = self.upload(name, data)
            after = database_state(db_url)
            error = result.get("error") or ""
            assert (code, result["success"]) == (1, False), result
            assert name in error and "\n" not in error, error
            assert all(word in error for word in words), error
            assert budget_tables(after) == budget_tables(before)
            assert {table for table in after if after[table] != before[table]} <= STATUS_TABLES
            new_syncs = set(after["budget_syncs"]) - set(before["budget_syncs"])
            assert len(new_syncs) == 1 and len(after["budget_syncs"]) == len(before["budget_syncs"]) + 1
            assert self.last_sync()[:2] == ("failed", error)
            return error

        def last_sync(self) -> tuple:
            db = sa.create_engine(db_url)
            try:
                with db.connect() as conn:
                    row = conn.execute(
                        sa.select(budget_syncs.c.status, budget_syncs.c.error)
                        .where(budget_syncs.c.customer_id == "acme")
                        .order_by(budget_syncs.c.started_at.desc())
                        .limit(1)
                    ).one()
            finally:
                db.dispose()
            return tuple(row)

        def budgeted(self, department: str, period: str = "2025-12") -> str:
            code, out, err = cli("check", "acme", department, "1", "--period", period, "--json")
            return json.loads(out)["budgeted"]

    return Acme()
