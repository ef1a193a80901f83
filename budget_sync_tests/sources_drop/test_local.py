"""The local folder source against a real folder."""

import os
import threading
import time

import pytest

from budget_sync.errors import SourceError
from budget_sync.sources import fetch_export, local


def _write(path, text, mtime=None):
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def test_pattern_and_temp_names(tmp_path):
    _write(tmp_path / "budget.csv", "a,b\n", 1000)
    _write(tmp_path / "budget.xlsx.part", "x", 3000)
    _write(tmp_path / "~$budget.xlsx", "x", 3000)
    _write(tmp_path / ".hidden.csv", "x", 3000)
    _write(tmp_path / "notes.pdf", "x", 3000)
    (tmp_path / "sub.csv").mkdir()
    names = [f.name for f in local.list_files("acme", {"path": str(tmp_path), "pattern": "*.csv,*.xlsx"})]
    assert names == ["budget.csv"]


def test_fetch_takes_newest(tmp_path):
    _write(tmp_path / "budget_jan.csv", "old\n", 1000)
    _write(tmp_path / "budget_feb.csv", "new\n", 2000)
    raw = local.fetch("acme", {"path": str(tmp_path), "pattern": "budget_*.csv"})
    assert raw.file_name == "budget_feb.csv" and raw.content == b"new\n"
    assert raw.location == (tmp_path / "budget_feb.csv").as_uri()
    assert raw.size == 4 and raw.modified_at.timestamp() == 2000
    assert raw.source_type == "local" and len(raw.sha256) == 64


def test_relative_path_resolves_against_cwd(tmp_path, monkeypatch):
    (tmp_path / "drops").mkdir()
    _write(tmp_path / "drops" / "b.csv", "x\n", 1000)
    monkeypatch.chdir(tmp_path)
    raw = fetch_export("acme", {"type": "local", "path": "drops"})
    assert raw.location == (tmp_path / "drops" / "b.csv").as_uri()


def test_fetch_skips_file_still_being_written(tmp_path):
    _write(tmp_path / "complete.csv", "done\n", 1000)
    growing = tmp_path / "growing.csv"
    growing.write_text("start\n")
    stop = threading.Event()

    def grow():
        with growing.open("a") as fh:
            while not stop.is_set():
                fh.write("more\n")
                fh.flush()
                time.sleep(0.05)

    writer = threading.Thread(target=grow)
    writer.start()
    try:
        raw = local.fetch("acme", {"path": str(tmp_path), "stable_seconds": 0.3})
    finally:
        stop.set()
        writer.join()
    assert raw.file_name == "complete.csv"


def test_missing_folder_error_names_customer_and_setting(tmp_path):
    with pytest.raises(SourceError) as err:
        local.list_files("acme", {"path": str(tmp_path / "nope")})
    assert "acme" in str(err.value) and "nope" in str(err.value) and "'path'" in str(err.value)
    assert err.value.retryable is False


def test_no_matching_file_names_folder_and_pattern(tmp_path):
    _write(tmp_path / "notes.pdf", "x")
    with pytest.raises(SourceError) as err:
        local.fetch("acme", {"path": str(tmp_path), "pattern": "*.xlsx"})
    text = str(err.value)
    assert "acme" in text and str(tmp_path) in text and "*.xlsx" in text
    assert err.value.retryable is False


def test_archive_moves_without_overwriting(tmp_path):
    settings = {"path": str(tmp_path), "archive_dir": "done"}
    for _ in range(2):
        _write(tmp_path / "b.csv", "x\n", 1000)
        [file] = local.list_files("acme", settings)
        moved = local.archive("acme", settings, file)
        assert os.path.exists(moved) and not (tmp_path / "b.csv").exists()
    assert len(os.listdir(tmp_path / "done")) == 2
    assert local.list_files("acme", settings) == []
