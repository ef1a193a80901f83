"""Paging a file-drop sensor's customers, so one tick over 10,000 customers stays inside Dagster's 60 s
sensor timeout: each tick lists customers from where the previous tick stopped (the cursor's `after`),
in id order and wrapping around, until BUDGET_SYNC_DROP_PAGE customers or BUDGET_SYNC_DROP_PAGE_SECONDS
of listing; the next tick goes on from there. A file is still taken on its second sighting, so with
pages a drop waits one more round of pages; with all customers on one page nothing changes.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Iterator

PAGE_SIZE, PAGE_SECONDS, CHUNK = 2000, 20.0, 64


def page_size() -> int:
    return max(1, int(os.environ.get("BUDGET_SYNC_DROP_PAGE", PAGE_SIZE)))


def page_seconds() -> float:
    return float(os.environ.get("BUDGET_SYNC_DROP_PAGE_SECONDS", PAGE_SECONDS))


def rotated(customers: list, after: str | None) -> list:
    """The customers in id order, starting with the first id after `after` (all of them, wrapping)."""
    ordered = sorted(customers, key=lambda c: c.id)
    if after is None:
        return ordered
    start = bisect_right([c.id for c in ordered], after)
    return ordered[start:] + ordered[:start]


def chunks(customers: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(customers), size):
        yield customers[start : start + size]
