"""Paths never leave their folder: links out of a drop folder are refused, archive folders stay inside the
drop folder unless allowed, raw copies land under the raw directory whatever the customer id or file name."""

from __future__ import annotations

import os

import pytest

from budget_sync.config import parse_customers
from budget_sync.pipeline import SyncFailed, apply_customers_file, keep_raw, run_sync
from budget_sync.settings import load_settings
from budget_sync.sources.raw_export import RawExport
from budget_sync_tests.cli.conftest import ROWS
from budget_sync_tests.damaged_sync.conftest import budget_tables
from budget_sync_tests.db_state import database_state
from budget_sync_tests.pipeline.conftest import HEADER
from budget_sync_tests.sources_drop.conftest import sshd  # noqa: F401  (session fixture)


def test_symlink_to_a_file_outside_the_drop_folder_is_refused(cli, customers_file, drops, db_url, tmp_path):
    cli.use(db_url)
    drops.write("acme", "a.csv", ROWS)
    cli("sources", "apply", customers_file("acme"))
    assert cli.json("sync", "acme")[0] == 0
    other = drops.write("globex", "secret.csv", [("Globex", "Payroll", "FY2025-Q1", "9.00", "USD")])
    link = drops.root / "acme" / "b.csv"
    link.symlink_to(other)
    drops.touch_later(other)
    before = budget_tables(database_state(db_url))
    code, data = cli.json("sync", "acme")
    assert code == 1 and "b.csv" in data["error"] and "outside the drop folder" in data["error"]
    assert "\n" not in data["error"]
    assert budget_tables(database_state(db_url)) == before


def test_symlink_inside_the_drop_folder_is_read(cli, customers_file, drops, db_url):
    cli.use(db_url)
    target = drops.write("acme", "real.txt.keep", ROWS)
    (drops.root / "acme" / "latest.csv").symlink_to(target)
    cli("sources", "apply", customers_file("acme"))
    code, data = cli.json("sync", "acme")
    assert (code, data["budgetsCreated"]) == (0, 5), data


@pytest.mark.parametrize("archive_dir", ["../outside", "sub/../../outside"])
def test_archive_dir_climbing_out_of_the_drop_folder_moves_nothing(
    cli, customers_file, drops, db_url, archive_dir
):
    cli.use(db_url)
    export = drops.write("acme", "a.csv", ROWS)
    path = customers_file("acme")
    with open(path) as handle:
        text = handle.read().replace(
            "stable_seconds: 0}", f"stable_seconds: 0, archive_dir: '{archive_dir}'}}"
        )
    with open(path, "w") as handle:
        handle.write(text)
    assert cli("sources", "apply", path)[0] == 0
    code, data = cli.json("sync", "acme")
    assert code == 0 and data["budgetsCreated"] == 5
    assert any("not archived" in w and "leads out of the drop folder" in w for w in data["warnings"])
    assert export.exists() and not (drops.root / "outside").exists()


def test_archive_dir_absolute_needs_archive_outside(engine_and_customer, tmp_path):
    engine, drops_root, register = engine_and_customer
    outside = tmp_path / "archive"
    register(archive_dir=str(outside))
    outcome = run_sync(engine, "acme")
    assert any("outside the drop folder" in w for w in outcome.warnings)
    assert (drops_root / "a.csv").exists() and not outside.exists()
    register(archive_dir=str(outside), archive_outside=True)
    outcome = run_sync(engine, "acme", force=True)
    assert not outcome.warnings and (outside / "a.csv").exists()


def test_archive_dir_through_a_link_out_of_the_drop_folder_moves_nothing(engine_and_customer, tmp_path):
    engine, drops_root, register = engine_and_customer
    (tmp_path / "elsewhere").mkdir()
    (drops_root / "done").symlink_to(tmp_path / "elsewhere")
    register(archive_dir="done")
    outcome = run_sync(engine, "acme")
    assert any("link out of the drop folder" in w for w in outcome.warnings)
    assert (drops_root / "a.csv").exists() and not os.listdir(tmp_path / "elsewhere")


@pytest.mark.parametrize("customer_id", ["../../x", "/abs/evil", "..", "a/b", "a_b"])
def test_raw_copies_stay_under_the_raw_directory(home, customer_id):
    raw = RawExport.from_bytes(customer_id, "upload", "../../../etc/passwd", "file:///x", b"data")
    raw_dir = load_settings().raw_dir.resolve()
    path = keep_raw(raw)
    assert path.resolve().parent.parent == raw_dir and path.read_bytes() == b"data"
    assert "/" not in path.name and ".." not in path.parent.name


def test_raw_folders_of_lookalike_ids_differ(home):
    one = keep_raw(RawExport.from_bytes("a/b", "upload", "f.csv", "file:///x", b"1"))
    two = keep_raw(RawExport.from_bytes("a_b", "upload", "f.csv", "file:///x", b"2"))
    assert one.parent != two.parent


def test_sftp_archive_dir_out_of_the_folder_moves_nothing(engine_and_customer, request, monkeypatch):
    engine = engine_and_customer[0]
    server = request.getfixturevalue("sshd")
    monkeypatch.setenv("ACME_SFTP_KEY", server.client_key)
    folder = server.new_folder()
    export = folder / "Budget.csv"
    export.write_text("\n".join(",".join(row) for row in [HEADER, *ROWS]) + "\n")
    source = server.settings(folder, key_env="ACME_SFTP_KEY", archive_dir="../outside")
    apply_customers_file(engine, parse_customers({"customers": [{"id": "sftpco", "source": source}]}))
    outcome = run_sync(engine, "sftpco")
    assert outcome.result.created == 5
    assert any("leads out of the drop folder" in w for w in outcome.warnings)
    assert export.exists() and not (folder.parent / "outside").exists()


def test_refused_link_records_a_failed_sync(engine_and_customer, tmp_path):
    engine, drops_root, register = engine_and_customer
    register()
    run_sync(engine, "acme")
    secret = tmp_path / "secret.csv"
    secret.write_text((drops_root / "a.csv").read_text())
    (drops_root / "z.csv").symlink_to(secret)
    os.utime(secret, (secret.stat().st_atime + 10, secret.stat().st_mtime + 10))
    with pytest.raises(SyncFailed, match="z.csv is a link"):
        run_sync(engine, "acme")
