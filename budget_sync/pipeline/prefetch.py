"""Fetching the exports of many customers ahead of their sequential map + import (a batch run).

A fetch mostly waits on the source (an API call, an SFTP login), so `workers` threads fetch while the
caller maps and imports one customer at a time, in the given order. At most `workers + ahead` exports
are fetched but not yet taken, so memory stays bounded whatever the batch size.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from budget_sync.config import CustomerConfig
from budget_sync.pipeline.stages import fetch
from budget_sync.sources.raw_export import RawExport

Fetcher = Callable[[CustomerConfig], RawExport]


def prefetched(
    items: Iterable[tuple[str, CustomerConfig | None]],
    workers: int,
    ahead: int | None = None,
    fetch_one: Fetcher = fetch,
) -> Iterator[tuple[str, Fetcher]]:
    """For each (customer id, its settings or None) in order: the id and a fetcher for `run_sync`.

    The fetcher hands over the export fetched in the background (re-raising its fetch error, so
    `run_sync` records the failure as usual); if it is called with other settings than the ones
    fetched with (changed in between), it fetches again with those. A customer given as None
    (not registered) is not fetched. Leaving the loop early cancels the fetches not started yet.
    """
    workers = max(1, workers)
    window = workers + (workers if ahead is None else max(0, ahead))
    pending: deque[tuple[str, CustomerConfig | None, Future | None]] = deque()
    source = iter(items)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
        try:
            while True:
                while len(pending) < window:
                    item = next(source, None)
                    if item is None:
                        break
                    cid, customer = item
                    future = pool.submit(fetch_one, customer) if customer is not None else None
                    pending.append((cid, customer, future))
                if not pending:
                    return
                cid, customer, future = pending.popleft()
                yield cid, _taker(customer, future, fetch_one)
        finally:
            for _, _, future in pending:
                if future is not None:
                    future.cancel()


def _taker(fetched_with: CustomerConfig | None, future: Future | None, fetch_one: Fetcher) -> Fetcher:
    def take(customer: CustomerConfig) -> RawExport:
        if future is None or fetched_with != customer:  # never another customer's or stale settings' export
            return fetch_one(customer)
        return future.result()

    return take
