"""Prefetching a batch's exports: in order, bounded, never handing one customer's export to another."""

from __future__ import annotations

import dataclasses
import threading

import pytest

from budget_sync.config import CustomerConfig
from budget_sync.errors import SourceError
from budget_sync.pipeline.prefetch import prefetched


def customer(cid: str, path: str = "/drops") -> CustomerConfig:
    return CustomerConfig(id=cid, name=cid, source={"type": "local", "path": f"{path}/{cid}"})


class Recorder:
    def __init__(self):
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, c: CustomerConfig):
        with self.lock:
            self.calls.append(c.source["path"])
        if c.id == "bad":
            raise SourceError(c.id, "local", "folder missing", "the path", retryable=True)
        return f"export of {c.source['path']}"


def test_exports_come_in_order_and_errors_reach_the_taker():
    fetch = Recorder()
    known = {cid: customer(cid) for cid in ("a", "bad", "c")}

    taken, loaded = [], []
    for cid, config, take in prefetched(["a", "bad", "c", "gone"], 2, known.get, fetch_one=fetch):
        loaded.append(config)
        if cid == "bad":
            with pytest.raises(SourceError):
                take(customer(cid))
        elif cid == "gone":
            taken.append(take(customer("gone")))
        else:
            taken.append(take(customer(cid)))

    assert loaded == [known["a"], known["bad"], known["c"], None]
    assert taken == ["export of /drops/a", "export of /drops/c", "export of /drops/gone"]
    assert sorted(fetch.calls) == ["/drops/a", "/drops/bad", "/drops/c", "/drops/gone"]


def test_changed_settings_or_another_customer_fetch_again():
    fetch = Recorder()
    (cid, _, take), *_ = prefetched(["a"], 1, lambda cid: customer(cid), fetch_one=fetch)

    moved = dataclasses.replace(customer("a"), source={"type": "local", "path": "/elsewhere/a"})
    assert take(moved) == "export of /elsewhere/a"
    assert take(customer("b")) == "export of /drops/b"


def test_fetches_stay_within_the_window():
    fetch = Recorder()
    loop = prefetched([f"c{i}" for i in range(20)], 2, customer, ahead=1, fetch_one=fetch)

    next(loop)

    assert len(fetch.calls) <= 3
    loop.close()
