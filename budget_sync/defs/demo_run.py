"""`make demo` through Dagster: materialize the sample customers' partitions on the embedded default
instance, so the runs show in `make dev` afterwards (same DAGSTER_HOME)."""

import os
import shutil
from pathlib import Path

import dagster as dg

ROOT_DAGSTER_YAML = Path(__file__).resolve().parents[2] / "dagster.yaml"
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
"""The demo prints status cards; step-by-step Dagster events stay in the run history for `make dev`."""


def demo_instance() -> dg.DagsterInstance:
    """$DAGSTER_HOME, else `<BUDGET_SYNC_HOME>/dagster_home` (where `make dev` keeps its instance)."""
    from budget_sync.settings import load_settings

    home = Path(os.environ.get("DAGSTER_HOME") or load_settings().home / "dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists() and ROOT_DAGSTER_YAML.exists():
        shutil.copy(ROOT_DAGSTER_YAML, home / "dagster.yaml")
    return dg.DagsterInstance.from_config(str(home))


def materialize_customers(customer_ids: list[str], instance: dg.DagsterInstance | None = None) -> list[str]:
    """One `sync_customer`-equivalent run per customer (in this process); returns the ids that failed."""
    from budget_sync.defs.assets import SYNC_ASSETS
    from budget_sync.defs.partitions import CUSTOMERS
    from budget_sync.defs.resources import default_resources
    from budget_sync.defs.tags import customer_tags
    from budget_sync.store.customers import get_customer
    from budget_sync.store.db import ready_engine

    instance = instance or demo_instance()
    known = set(instance.get_dynamic_partitions(CUSTOMERS))
    instance.add_dynamic_partitions(CUSTOMERS, [c for c in customer_ids if c not in known])
    engine = ready_engine()
    failed = []
    for customer_id in customer_ids:
        result = dg.materialize(
            SYNC_ASSETS,
            partition_key=customer_id,
            instance=instance,
            resources=default_resources(),
            tags=customer_tags(get_customer(engine, customer_id), "demo"),
            raise_on_error=False,
            run_config=QUIET,
        )
        if not result.success:
            failed.append(customer_id)
    return failed
