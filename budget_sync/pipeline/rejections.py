"""What a sync rejects: the mapping's rejected rows plus the importer's (conflicting duplicate keys, bad
periods or currencies). The sync and `budget-sync preview` both go through `screen` / `merge_rejections`,
so a preview shows exactly the rejections the sync would make."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from budget_sync.models import Rejection


@dataclass
class Screened:
    imported: int  # how many budgets the importer would write
    rejected: list[Rejection]  # the mapping's and the importer's, sorted by row


def merge_rejections(
    mapping_rejections: Iterable[Rejection], import_rejections: Iterable[Rejection]
) -> list[Rejection]:
    errors = list(mapping_rejections) + list(import_rejections)
    return sorted(errors, key=lambda r: (r.row is None, r.row or 0))


def screen(mapped, *, fiscal_year_start_month: int = 1, default_currency: str = "USD") -> Screened:
    """The importer's validation (`store.importer.staging.prepare`) applied to a MappingResult, without
    a database: how many budgets a sync would import and every row it would reject."""
    from budget_sync.store.importer.staging import collector_paused, prepare

    with collector_paused():
        prepared = prepare(
            mapped.budgets, fiscal_year_start_month=fiscal_year_start_month, default_currency=default_currency
        )
    return Screened(len(prepared.rows), merge_rejections(mapped.rejected, prepared.rejected))
