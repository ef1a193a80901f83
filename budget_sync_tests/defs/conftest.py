"""Fixtures for the Dagster shell tests: a budget database with customers whose source is a local drop
folder, an ephemeral Dagster instance, and helpers to write budget files and run the sync assets."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from budget_sync.config import CustomerConfig
from budget_sync.defs.resources import AlertDefaults, BudgetDatabase

HEADER = "Department,Sub-category,Fiscal Period,Budget Amount,Currency\n"


def write_budget(
    folder: Path, name: str, rows: list[tuple[str, str, str]], mtime: float | None = None
) -> Path:
    """A CSV export with (department, fiscal period, amount) rows."""
    import os

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    lines = [f"{dept},,{period},{amount},USD\n" for dept, period, amount in rows]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def departments(n: int, period: str = "FY2025", amount: str = "1000.00") -> list[tuple[str, str, str]]:
    return [(f"Dept {i:03d}", period, amount) for i in range(n)]


def local_customer(cid: str, folder: Path, frequency: str = "hourly", timezone: str = "UTC", **kw):
    source = {"type": "local", "path": str(folder), "pattern": "*.csv", "stable_seconds": 0}
    return CustomerConfig(
        id=cid, name=f"{cid.title()} Corp", source=source, sync_frequency=frequency, timezone=timezone, **kw
    )


@pytest.fixture(autouse=True)
def no_leftover_defs_state_storage():
    """Each test starts without a "current" Dagster defs-state storage.

    Entering a DagsterInstance sets that context variable (holding a weak reference to the instance),
    and Dagster never resets it on exit: the reset only runs when the instance's context manager is
    garbage collected, restoring whatever storage was current before, from an instance long gone. A
    `Definitions` load (`materialize`, `get_repository_def`) then fails with "Attempted to resolve
    undefined DagsterInstance weakref", depending on test order and GC timing. So: collect leftovers
    now, start from none, and let the `instance` fixture reset what it set."""
    import gc

    from dagster._core.storage.defs_state.base import set_defs_state_storage

    gc.collect()
    with set_defs_state_storage(None):
        yield


@pytest.fixture
def budget_url(tmp_path, monkeypatch, sqlite_url) -> str:
    monkeypatch.setenv("BUDGET_SYNC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BUDGET_SYNC_DATABASE_URL", sqlite_url)
    return sqlite_url


@pytest.fixture
def engine(budget_url):
    from budget_sync.store.db import ready_engine

    return ready_engine(budget_url)


@pytest.fixture
def add_customers(engine):
    from budget_sync.store.customers import upsert_customers

    def add(*configs):
        return upsert_customers(engine, list(configs))

    return add


@pytest.fixture
def resources(budget_url) -> dict:
    return {"budget_db": BudgetDatabase(url=budget_url), "alert_defaults": AlertDefaults()}


@pytest.fixture
def instance():
    with dg.instance_for_test() as instance:
        yield instance
    instance._exit_stack.close()  # undo what entering it set (see no_leftover_defs_state_storage)


@pytest.fixture
def sync(instance, resources):
    """Materialize the three sync assets (and their checks) for one customer partition."""
    from budget_sync.defs.assets import SYNC_ASSETS

    def run(customer_id: str, tags: dict | None = None, run_config: dict | None = None):
        if customer_id not in instance.get_dynamic_partitions("customers"):
            instance.add_dynamic_partitions("customers", [customer_id])
        return dg.materialize(
            SYNC_ASSETS,
            partition_key=customer_id,
            instance=instance,
            resources=resources,
            tags=tags or {},
            run_config=run_config,
            raise_on_error=False,
        )

    return run
