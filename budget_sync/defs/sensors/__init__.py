"""Sensors: partitions follow budget_sources, file drops start syncs, failures alert and follow up."""

from budget_sync.defs.sensors.customers import customers_sensor
from budget_sync.defs.sensors.file_drops import FILE_DROP_SENSORS
from budget_sync.defs.sensors.follow_up import follow_up_failed_syncs
from budget_sync.defs.sensors.freshness import budget_freshness
from budget_sync.defs.sensors.run_failure import sync_failure_alerts

SENSORS = [
    customers_sensor,
    *FILE_DROP_SENSORS,
    follow_up_failed_syncs,
    budget_freshness,
    sync_failure_alerts,
]

__all__ = ["SENSORS"]
