"""The budget_sync code location: `dagster dev` (workspace.yaml), `dg check defs`, the e2e test."""

import dagster as dg

from budget_sync.defs.assets import SYNC_ASSETS
from budget_sync.defs.checks import ALL_CHECKS
from budget_sync.defs.jobs import sync_batch_job, sync_customer_job
from budget_sync.defs.resources import default_resources
from budget_sync.defs.schedules import SCHEDULES
from budget_sync.defs.sensors import SENSORS

defs = dg.Definitions(
    assets=SYNC_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[sync_customer_job, sync_batch_job],
    schedules=SCHEDULES,
    sensors=SENSORS,
    resources=default_resources(),
)
