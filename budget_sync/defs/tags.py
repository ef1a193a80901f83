"""Run tags the schedules, sensors, CLI and service agree on, built in one place (`run_tags`).

The concurrency limits in dagster.yaml key on `budget_sync/customer` (one sync per customer) and
`budget_sync/source_type` (a source's API quota), so a run that lacks either escapes its limit. Plain
Python: `budget-sync sync-now` and the service build their GraphQL submissions with it.
"""

from __future__ import annotations

from collections.abc import Mapping

CUSTOMER = "budget_sync/customer"
SOURCE_TYPE = "budget_sync/source_type"
TRIGGER = "budget_sync/trigger"
FILE = "budget_sync/file"
FOLLOW_UP_OF = "budget_sync/follow_up_of"
ALLOW_MASS_CHANGE = "budget_sync/allow_mass_change"
BATCH = "budget_sync/batch"
PARTITION = "dagster/partition"

MAX_TAG_FILE = 200


def run_tags(
    customer_id: str,
    source_type: str,
    trigger: str,
    *,
    allow_mass_change: bool = False,
    follow_up_of: str | None = None,
    file: str | None = None,
    batch: str | None = None,
    partition: bool = False,
) -> dict[str, str]:
    """Every sync run's tags. `customer_id` of a batch is `batch:<key>`; `partition=True` adds
    `dagster/partition` for submissions that cannot pass a partition key (GraphQL `launchRun`)."""
    tags = {CUSTOMER: customer_id, SOURCE_TYPE: source_type, TRIGGER: trigger}
    if allow_mass_change:
        tags[ALLOW_MASS_CHANGE] = "true"
    if follow_up_of:
        tags[FOLLOW_UP_OF] = follow_up_of
    if file:
        tags[FILE] = file[-MAX_TAG_FILE:]
    if batch:
        tags[BATCH] = batch
    if partition:
        tags[PARTITION] = customer_id
    return tags


def customer_tags(customer, trigger: str, **options) -> dict[str, str]:
    """`run_tags` of a single-customer run of `customer` (a CustomerConfig)."""
    return run_tags(customer.id, customer.source_type, trigger, **options)


def allows_mass_change(tags: Mapping[str, str]) -> bool:
    return str(tags.get(ALLOW_MASS_CHANGE, "")).lower() in ("1", "true", "yes")
