"""File-drop sensors list many customers a page per tick, going on where the previous tick stopped."""

from __future__ import annotations

import json

from budget_sync_tests.defs.conftest import departments, local_customer, write_budget
from budget_sync_tests.defs.test_file_drops import Poller, files_of

IDS = ["a", "b", "c", "d", "e"]


def test_pages_cover_every_customer_and_take_each_file_once(
    tmp_path, add_customers, instance, resources, monkeypatch
):
    monkeypatch.setenv("BUDGET_SYNC_DROP_PAGE", "2")
    for cid in IDS:
        write_budget(tmp_path / cid, f"{cid}.csv", departments(1))
    add_customers(*(local_customer(cid, tmp_path / cid) for cid in IDS))
    poller = Poller("local_file_drops", instance, resources)

    ticks = [files_of(poller.tick()) for _ in range(6)]

    assert ticks == [
        [],  # a, b seen once
        [],  # c, d seen once
        [("a", "a.csv")],  # e seen once, a seen again
        [("b", "b.csv"), ("c", "c.csv")],
        [("d", "d.csv"), ("e", "e.csv")],
        [],
    ]
    cursor = json.loads(poller.cursor)
    assert sorted(cursor["customers"]) == IDS and cursor["after"] == "b"


def test_a_cursor_from_before_paging_keeps_what_was_taken(tmp_path, add_customers, instance, resources):
    write_budget(tmp_path / "a", "a.csv", departments(1))
    add_customers(local_customer("a", tmp_path / "a"))
    poller = Poller("local_file_drops", instance, resources)
    poller.tick()
    assert files_of(poller.tick()) == [("a", "a.csv")]
    poller.cursor = json.dumps(json.loads(poller.cursor)["customers"])  # the old, flat format

    assert poller.tick() == []
