"""The benchmark's code location: the real sync jobs and assets, without sensors and schedules, so the
1,000 freshly created customers are synced only by the runs the benchmark submits (one schedule tick)."""

import dagster as dg

from budget_sync.defs.assets import SYNC_ASSETS
from budget_sync.defs.checks import ALL_CHECKS
from budget_sync.defs.jobs import sync_batch_job, sync_customer_job
from budget_sync.defs.resources import default_resources

defs = dg.Definitions(
    assets=SYNC_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[sync_customer_job, sync_batch_job],
    resources=default_resources(),
)
