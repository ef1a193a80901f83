"""The pure drop-folder rules: names, newest, stability across polls."""

import json
from datetime import UTC, datetime

import pytest

from budget_sync.sources import drops
from budget_sync.sources.raw_export import DropFile


def _file(name, size=10, ts=1_700_000_000.0):
    return DropFile(name, f"/drop/{name}", size, datetime.fromtimestamp(ts, UTC))


@pytest.mark.parametrize(
    "name",
    ["budget.csv.part", "budget.tmp", ".budget.csv", "~$budget.xlsx", "budget.xlsx.filepart", "budget.csv~"],
)
def test_temp_names_never_match(name):
    assert not drops.matches(name, "*")


def test_comma_separated_globs_case_insensitive():
    assert drops.matches("Budget.XLSX", "*.csv, *.xlsx")
    assert drops.matches("b.csv", "*.csv,*.xlsx")
    assert not drops.matches("b.pdf", "*.csv,*.xlsx")
    assert drops.matches("b.ods", None)  # default pattern


def test_newest_by_mtime_then_name():
    files = [_file("b_2.csv", ts=100), _file("b_1.csv", ts=100), _file("a.csv", ts=50)]
    assert drops.newest(files).name == "b_2.csv"
    assert [f.name for f in drops.select(files, "*.csv")] == ["a.csv", "b_1.csv", "b_2.csv"]


def test_stable_files_across_polls():
    first = [_file("done.csv", 10, 100), _file("growing.csv", 5, 100)]
    second = [_file("done.csv", 10, 100), _file("growing.csv", 9, 101), _file("new.csv", 3, 102)]
    assert drops.stable_files(None, second) == []
    stable = drops.stable_files(drops.snapshot(first), second)
    assert [f.name for f in stable] == ["done.csv"]
    cursor = json.loads(json.dumps(drops.snapshot(first)))  # as a sensor cursor round-trips it
    assert [f.name for f in drops.stable_files(cursor, second)] == ["done.csv"]


def test_newest_stable_skips_a_file_still_growing():
    looks = iter(
        [
            [_file("old.csv", 10, 100), _file("new.csv", 5, 200)],
            [_file("old.csv", 10, 100), _file("new.csv", 8, 201)],
        ]
    )
    waited = []
    file, seen = drops.newest_stable(lambda: next(looks), 2, sleep=waited.append)
    assert file.name == "old.csv" and len(seen) == 2 and waited == [2]
