"""Fetching the exports of many customers ahead of their sequential map + import (a batch run).

A fetch mostly waits on the source (an API call, an SFTP login), so `workers` threads load each
customer's settings and fetch its export while the caller maps and imports one customer at a time, in
the given order. At most `workers + ahead` customers are fetched but not yet taken, so memory stays
bounded whatever the batch size.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from budget_sync.config import CustomerConfig
from budget_sync.pipeline.stages import fetch
from budget_sync.sources.raw_export import RawExport

Fetcher = Callable[[CustomerConfig], RawExport]
Fetched = tuple[CustomerConfig | None, RawExport | None, Exception | None]


def prefetched(
    customer_ids: Iterable[str],
    workers: int,
    load: Callable[[str], CustomerConfig | None],
    ahead: int | None = None,
    fetch_one: Fetcher = fetch,
) -> Iterator[tuple[str, CustomerConfig | None, Fetcher]]:
    """For each id in order: the id, its settings (`load(id)`; None: not fetched) and a fetcher for
    `run_sync`.

    The fetcher hands over the export fetched in the background (re-raising its fetch error, so
    `run_sync` records the failure as usual); called with other settings than the ones fetched with
    (changed in between, or another customer's), it fetches again with those. Leaving the loop early
    cancels the fetches not started yet.
    """
    workers = max(1, workers)
    window = workers + (workers if ahead is None else max(0, ahead))
    pending: deque[tuple[str, Future]] = deque()
    ids = iter(customer_ids)

    def job(cid: str) -> Fetched:
        customer = load(cid)
        if customer is None:
            return None, None, None
        try:
            return customer, fetch_one(customer), None
        except Exception as exc:  # handed to run_sync, which records it as this customer's failure
            return customer, None, exc

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
        try:
            while True:
                while len(pending) < window and (cid := next(ids, None)) is not None:
                    pending.append((cid, pool.submit(job, cid)))
                if not pending:
                    return
                cid, future = pending.popleft()
                customer, raw, error = future.result()
                yield cid, customer, _taker(customer, raw, error, fetch_one)
        finally:
            for _, future in pending:
                future.cancel()


def _taker(fetched_with, raw: RawExport | None, error: Exception | None, fetch_one: Fetcher) -> Fetcher:
    def take(customer: CustomerConfig) -> RawExport:
        if fetched_with is None or fetched_with != customer:  # never another customer's or stale settings'
            return fetch_one(customer)
        if error is not None:
            raise error
        return raw if raw is not None else fetch_one(customer)

    return take
