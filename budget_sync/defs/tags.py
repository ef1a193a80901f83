from collections.abc import Mapping

"""Run tags the schedules, sensors and concurrency limits agree on (see dagster.yaml)."""

CUSTOMER = "budget_sync/customer"
SOURCE_TYPE = "budget_sync/source_type"
TRIGGER = "budget_sync/trigger"
FILE = "budget_sync/file"
FOLLOW_UP_OF = "budget_sync/follow_up_of"
ALLOW_MASS_CHANGE = "budget_sync/allow_mass_change"
BATCH = "budget_sync/batch"


def customer_tags(customer, trigger: str) -> dict[str, str]:
    """Tags every single-customer run carries: the per-customer and per-source-type limits key on them."""
    return {CUSTOMER: customer.id, SOURCE_TYPE: customer.source_type, TRIGGER: trigger}


def allows_mass_change(tags: Mapping[str, str]) -> bool:
    return str(tags.get(ALLOW_MASS_CHANGE, "")).lower() in ("1", "true", "yes")
