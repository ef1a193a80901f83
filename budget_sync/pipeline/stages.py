"""The stages of one customer's sync, each callable on its own (the Dagster assets call them one by one)."""

from __future__ import annotations

from budget_sync.config import CustomerConfig, SyncState
from budget_sync.sources import fetch_export
from budget_sync.sources.raw_export import DropFile, RawExport


def fetch(customer: CustomerConfig, file: DropFile | None = None, client=None) -> RawExport:
    """The customer's current export, or one listed drop `file`, from its configured source
    (`client`: an API client the caller built, e.g. from a Dagster resource)."""
    return fetch_export(customer.id, customer.source, file=file, client=client)


def mapping_config(customer: CustomerConfig) -> dict:
    """The customer's `mapping:` overrides plus its default currency and fiscal year start (which decides
    what `P01` or a bare `Jan` means); the mapping block's own keys win."""
    return {
        "default_currency": customer.default_currency,
        "fiscal_year_start_month": customer.fiscal_year_start_month,
        **customer.mapping,
    }


def map_raw(raw: RawExport, customer: CustomerConfig):
    """Map the export to canonical budgets -> MappingResult (budgets, rejected rows, mapping table)."""
    from budget_sync.mapping import map_export

    return map_export(raw, config=mapping_config(customer))


def unchanged_since_last_sync(engine, raw: RawExport, status: SyncState | None = None) -> bool:
    """True when the customer's last good sync imported exactly this content (same sha256).

    Compares with `budget_sources.last_raw_sha256`, which only a successful import sets (and `sources
    apply` clears when the customer's settings change), so a failed sync never makes a file look done.
    `status` given (read with the settings the sync maps with: `CustomerConfig.status`): its checksum,
    without reading the row again, so checksum and settings describe the same moment. None: read now.
    """
    if status is not None:
        last = status.last_raw_sha256
    else:
        from budget_sync.store.customers import get_status

        last = get_status(engine, raw.customer_id).get("last_raw_sha256")
    return last is not None and last == raw.sha256
