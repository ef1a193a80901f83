"""Loading a customer for a run, with errors that say what to do."""

import dagster as dg


def load_customer(budget_db, customer_id: str):
    """The active customer's config (`budget_sync.config.CustomerConfig`); a clear Failure when it is gone.

    A removed customer's partition may still be selected in the UI or have a run queued from before the
    removal: the run stops here, before fetching or writing anything."""
    from budget_sync.store.customers import get_active_customer

    customer = get_active_customer(budget_db.engine, customer_id)
    if customer is None:
        raise dg.Failure(
            f"Customer '{customer_id}' is not in budget_sources (or was removed); nothing was synced. "
            "Apply it with `budget-sync sources apply FILE.yaml` to sync it again.",
            allow_retries=False,
        )
    return customer
