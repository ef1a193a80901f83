"""Jobs: one customer as assets (UI Materialize, sensors, follow-ups) and a batch of customers per run
(schedule ticks), because starting one Dagster run per customer costs seconds of CPU each and a tick of
1,000 customers must finish within 15 minutes (docs/benchmarks/tick.md)."""

import dagster as dg

from budget_sync.defs.assets import SYNC_ASSETS
from budget_sync.defs.batch_op import sync_customers
from budget_sync.defs.checks import freshness
from budget_sync.defs.partitions import customers_partitions

sync_customer_job = dg.define_asset_job(
    "sync_customer",
    selection=dg.AssetSelection.assets(*SYNC_ASSETS) - dg.AssetSelection.checks(freshness),
    partitions_def=customers_partitions,
    executor_def=dg.in_process_executor,
    description="Sync one customer (a partition): fetch, map, guard, import. Same as Materialize in the UI.",
)


@dg.job(
    name="sync_batch",
    executor_def=dg.in_process_executor,
    description="Sync several customers of one source type in one run (schedule ticks).",
)
def sync_batch_job():
    sync_customers()
