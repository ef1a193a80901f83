"""Keeps the `customers` partitions equal to the active budget_sources rows.

A new customer gets its partition and, at once, its first sync (the setup flow promises it); a removed
customer loses its partition, so nothing syncs it any more. Its budgets and history stay in the database.
"""

import time

import dagster as dg

from budget_sync.defs import tags
from budget_sync.defs.batch_requests import batch_requests, batch_size
from budget_sync.defs.jobs import sync_batch_job, sync_customer_job
from budget_sync.defs.partitions import CUSTOMERS, customers_partitions
from budget_sync.defs.resources import BudgetDatabase


@dg.sensor(
    name="customers",
    jobs=[sync_customer_job, sync_batch_job],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Adds and removes customer partitions as budget_sources changes; first sync for new ones.",
)
def customers_sensor(context: dg.SensorEvaluationContext, budget_db: BudgetDatabase):
    from budget_sync.store.customers import list_customers

    active = {c.id: c for c in list_customers(budget_db.engine)}
    known = set(context.instance.get_dynamic_partitions(CUSTOMERS))
    added = sorted(set(active) - known)
    removed = sorted(known - set(active))
    if not added and not removed:
        return dg.SkipReason(f"{len(known)} customers, no change")
    stamp = int(time.time())
    if len(added) > batch_size():  # onboarding many at once: first syncs in batch runs
        requests = batch_requests([active[cid] for cid in added], f"first-sync:{stamp}", "first_sync")
    else:
        requests = [
            dg.RunRequest(
                job_name="sync_customer",
                partition_key=cid,
                run_key=f"first-sync:{cid}:{stamp}",
                tags=tags.customer_tags(active[cid], "first_sync"),
            )
            for cid in added
        ]
    partition_requests: list[dg.AddDynamicPartitionsRequest | dg.DeleteDynamicPartitionsRequest] = []
    if added:
        partition_requests.append(customers_partitions.build_add_request(added))
    if removed:
        partition_requests.append(customers_partitions.build_delete_request(removed))
    context.log.info(f"customers added: {added or 'none'}; removed: {removed or 'none'}")
    return dg.SensorResult(run_requests=requests, dynamic_partitions_requests=partition_requests)
