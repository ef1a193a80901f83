"""Loading a customer for a run, with errors that say what to do."""

import dagster as dg


def active_customer(engine, customer_id: str):
    """The customer's config when it is registered and active, else None (removed customers keep their
    row, budgets and history, but nothing may sync them, alert about them or follow them up)."""
    from budget_sync.store.customers import get_customer, get_status

    customer = get_customer(engine, customer_id)
    if customer is None or not get_status(engine, customer_id).get("active"):
        return None
    return customer


def load_customer(budget_db, customer_id: str):
    """The active customer's config (`budget_sync.config.CustomerConfig`); a clear Failure when it is gone.

    A removed customer's partition may still be selected in the UI or have a run queued from before the
    removal: the run stops here, before fetching or writing anything."""
    customer = active_customer(budget_db.engine, customer_id)
    if customer is None:
        raise dg.Failure(
            f"Customer '{customer_id}' is not in budget_sources (or was removed); nothing was synced. "
            "Apply it with `budget-sync sources apply FILE.yaml` to sync it again.",
            allow_retries=False,
        )
    return customer
