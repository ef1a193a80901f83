"""Garbage in: a clear FileReadError naming the file, never a traceback."""

from __future__ import annotations

import os
import struct
import zlib

import pytest

from budget_sync.errors import FileReadError
from budget_sync.files import read_table, table_from_cells


def _png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00\xff\x00\x00"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "name,data,words",
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\r\n \n\n", "no data"),
        ("noise.bin", bytes(range(256)) * 8, "binary"),
        ("photo.xlsx", _png(), "PNG image"),
        ("fake.xlsx", b"PK\x03\x04" + os.urandom(200), "zip"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(600), "XLS"),
        ("doc.pdf", b"%PDF-1.4\n...", "PDF"),
    ],
)
def test_unreadable_files(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(FileReadError) as info:
        read_table(path)
    assert name in str(info.value)
    assert words.lower() in str(info.value).lower()


def test_missing_file(tmp_path):
    with pytest.raises(FileReadError, match="nope.csv"):
        read_table(tmp_path / "nope.csv")


def test_random_bytes_never_escape_as_other_errors():
    for seed in range(30):
        data = os.urandom(64 + seed * 37)
        try:
            read_table(data, file_name=f"r{seed}.dat")
        except FileReadError as exc:
            assert f"r{seed}.dat" in str(exc)


def test_cells_must_be_rows():
    with pytest.raises(FileReadError, match="sheet.json"):
        table_from_cells("not rows", file_name="sheet.json")
    with pytest.raises(FileReadError, match="row 2"):
        table_from_cells([["a"], 5], file_name="sheet.json")
    assert table_from_cells([["a", "b"], ["c"], None]).sheets[0].rows == [["a", "b"], ["c"], []]


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_damaged_workbooks_give_file_read_errors(tmp_path, suffix):
    import random

    from budget_sync.errors import BudgetSyncError
    from budget_sync.mapping import map_file
    from budget_sync_tests.files.writers import write_ods, write_xlsx

    rows = [["Department", "Jan-25", "Feb-25"]] + [[f"D{i}", i, i * 2] for i in range(30)]
    writer = write_xlsx if suffix == "xlsx" else write_ods
    good = writer(tmp_path / f"good.{suffix}", {"Budget": rows}).read_bytes()
    rng = random.Random(7)
    for _ in range(80):
        data = bytearray(good)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(len(data))]
        try:
            map_file(bytes(data), file_name=f"broken.{suffix}")
        except BudgetSyncError as exc:
            assert f"broken.{suffix}" in str(exc)
