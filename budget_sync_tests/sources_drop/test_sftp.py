"""The SFTP source against a real OpenSSH sshd (fixture `sshd`)."""

import os
import threading
import time

import pytest

from budget_sync.errors import SourceError
from budget_sync.sources import fetch_export, sftp


def _write(path, text, mtime=None):
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def drop(sshd, monkeypatch):
    """A fresh remote folder and a source block logging in with the plain client key."""
    monkeypatch.setenv("ACME_SFTP_KEY", sshd.client_key)
    folder = sshd.new_folder()
    return folder, sshd.settings(folder, key_env="ACME_SFTP_KEY")


def test_key_auth_lists_and_fetches_newest(drop, sshd):
    folder, settings = drop
    _write(folder / "budget_jan.csv", "old\n", 1000)
    _write(folder / "budget_feb.csv", "new\n", 2000)
    _write(folder / "budget_mar.csv.part", "partial", 3000)
    _write(folder / "notes.pdf", "x", 3000)
    assert [f.name for f in sftp.list_files("acme", settings)] == ["budget_jan.csv", "budget_feb.csv"]
    raw = fetch_export("acme", settings)
    assert raw.file_name == "budget_feb.csv" and raw.content == b"new\n" and raw.size == 4
    assert raw.location == f"sftp://127.0.0.1:{sshd.port}{folder}/budget_feb.csv"
    assert raw.modified_at.timestamp() == 2000 and raw.source_type == "sftp"


def test_fetch_a_listed_file(drop):
    folder, settings = drop
    _write(folder / "a.csv", "a\n", 1000)
    _write(folder / "b.csv", "b\n", 2000)
    first = sftp.list_files("acme", settings)[0]
    assert sftp.fetch("acme", settings, file=first).content == b"a\n"


def test_key_path_and_encrypted_key(drop, sshd, monkeypatch):
    folder, settings = drop
    _write(folder / "a.csv", "a\n")
    monkeypatch.setenv("ACME_KEY_PATH", str(sshd.client_key_path))
    assert sftp.list_files("acme", {**settings, "key_env": "ACME_KEY_PATH"})
    monkeypatch.setenv("ACME_ENC_KEY", sshd.encrypted_key)
    monkeypatch.setenv("ACME_PASSPHRASE", sshd.passphrase)
    encrypted = {**settings, "key_env": "ACME_ENC_KEY", "key_passphrase_env": "ACME_PASSPHRASE"}
    assert sftp.list_files("acme", encrypted)
    with pytest.raises(SourceError, match="encrypted and no passphrase"):
        sftp.list_files("acme", {**settings, "key_env": "ACME_ENC_KEY"})
    wrong = "not-it-" + os.urandom(4).hex()
    monkeypatch.setenv("ACME_PASSPHRASE", wrong)
    with pytest.raises(SourceError, match="could not be read") as err:
        sftp.list_files("acme", encrypted)
    assert wrong not in str(err.value) and sshd.passphrase not in str(err.value)


def test_unknown_host_key_is_refused_with_pinning_hint(drop, sshd, tmp_path):
    _, settings = drop
    empty = tmp_path / "known_hosts"
    empty.write_text("")
    for block in ({**settings, "host_key": None, "known_hosts": str(empty)},):
        with pytest.raises(SourceError) as err:
            sftp.list_files("acme", block)
        text = str(err.value)
        assert "not trusted" in text and f'host_key: "{sshd.host_key_line}"' in text
        assert "acme" in text and err.value.retryable is False


def test_changed_host_key_is_refused(drop):
    _, settings = drop
    other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
    with pytest.raises(SourceError, match="does not match the pinned key"):
        sftp.list_files("acme", {**settings, "host_key": other})


def test_known_hosts_file_is_accepted(drop, sshd, tmp_path):
    folder, settings = drop
    _write(folder / "a.csv", "a\n")
    known = tmp_path / "known_hosts"
    known.write_text(sshd.known_hosts_line + "\n")
    block = {**settings, "host_key": None, "known_hosts": str(known)}
    assert [f.name for f in sftp.list_files("acme", block)] == ["a.csv"]


def test_newest_complete_file_while_another_grows(drop):
    folder, settings = drop
    _write(folder / "complete.csv", "done\n", time.time() - 60)
    growing = folder / "growing.csv"
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
        raw = sftp.fetch("acme", {**settings, "stable_seconds": 0.5})
    finally:
        stop.set()
        writer.join()
    assert raw.file_name == "complete.csv" and raw.content == b"done\n"


def test_archive_moves_processed_file(drop):
    folder, settings = drop
    settings = {**settings, "archive_dir": "archive/done"}
    _write(folder / "b.csv", "b\n")
    [file] = sftp.list_files("acme", settings)
    raw = sftp.fetch("acme", settings, file=file)
    moved = sftp.archive("acme", settings, file)
    assert moved == f"{folder}/archive/done/b.csv"
    assert (folder / "archive" / "done" / "b.csv").read_bytes() == raw.content
    assert not (folder / "b.csv").exists() and sftp.list_files("acme", settings) == []


def test_unauthorized_key_is_refused_without_the_key(drop, monkeypatch):
    from budget_sync_tests.sources_drop.servers import new_ed25519

    _, settings = drop
    stranger, _ = new_ed25519()
    monkeypatch.setenv("ACME_SFTP_KEY", stranger)
    with pytest.raises(SourceError) as err:
        sftp.list_files("acme", settings)
    text = str(err.value)
    assert "refused to log in" in text and "ACME_SFTP_KEY" in text and err.value.retryable is False
    assert stranger.splitlines()[1] not in text


def test_password_auth_is_tried_and_a_wrong_password_is_refused(drop, sshd, monkeypatch):
    """Password login cannot succeed here (sshd would need the user's system password); this checks that
    a password is really offered to sshd and that the refusal never shows it."""
    _, settings = drop
    secret = "pw-" + os.urandom(6).hex()
    monkeypatch.setenv("ACME_SFTP_PASSWORD", secret)
    block = {k: v for k, v in settings.items() if k != "key_env"} | {"password_env": "ACME_SFTP_PASSWORD"}
    with pytest.raises(SourceError) as err:
        sftp.list_files("acme", block)
    assert "ACME_SFTP_PASSWORD" in str(err.value) and secret not in str(err.value)
    assert f"Failed password for {sshd.username}" in sshd.log_path.read_text()


def test_missing_folder_and_no_matching_file(drop, sshd):
    folder, settings = drop
    with pytest.raises(SourceError, match="does not exist") as err:
        sftp.list_files("acme", {**settings, "path": str(folder / "nope")})
    assert err.value.retryable is False and "'path'" in str(err.value)
    _write(folder / "notes.pdf", "x")
    with pytest.raises(SourceError, match=r"no file matching '\*\.xlsx'") as err:
        sftp.fetch("acme", {**settings, "pattern": "*.xlsx"})
    assert str(folder) in str(err.value) and err.value.retryable is False


def test_unreachable_server_and_missing_settings(drop):
    from budget_sync_tests.sources_drop.servers import free_port

    _, settings = drop
    with pytest.raises(SourceError, match="cannot connect") as err:
        sftp.list_files("acme", {**settings, "port": free_port(), "connect_timeout": 3})
    assert err.value.retryable is True and "'port'" in str(err.value)
    # the block is checked by the SftpSource model at sync time too: the messages `sources apply` gives
    with pytest.raises(SourceError, match=r"source\.port 'ssh' must be a port number from 1 to 65535"):
        sftp.list_files("acme", {**settings, "port": "ssh"})
    with pytest.raises(SourceError, match=r"source\.host is required for a sftp source"):
        sftp.list_files("acme", {**settings, "host": ""})
    with pytest.raises(SourceError, match=r"source\.password_env or source\.key_env is required"):
        sftp.list_files("acme", {**settings, "key_env": None})
    with pytest.raises(
        SourceError, match=r"unknown setting 'source\.passwrod_env'.*did you mean password_env"
    ):
        sftp.list_files("acme", {**settings, "passwrod_env": "X"})
    with pytest.raises(SourceError, match="NOT_SET_ANYWHERE"):
        sftp.list_files("acme", {**settings, "key_env": "NOT_SET_ANYWHERE"})


def test_listed_file_gone_before_download_is_retryable(drop):
    folder, settings = drop
    _write(folder / "b.csv", "b\n")
    [file] = sftp.list_files("acme", settings)
    (folder / "b.csv").unlink()
    with pytest.raises(SourceError, match="disappeared") as err:
        sftp.fetch("acme", settings, file=file)
    assert err.value.retryable is True


def test_server_without_sftp_subsystem_is_a_clear_error(sshd, monkeypatch, tmp_path):
    """Login works but the server does not offer SFTP (no Subsystem line): say so, not a bare SSHException."""
    from budget_sync_tests.sources_drop.servers import SshdServer

    class NoSftp(SshdServer):
        def _config(self) -> str:
            return "".join(line for line in super()._config().splitlines(True) if "Subsystem" not in line)

    server = NoSftp(tmp_path).start()
    try:
        monkeypatch.setenv("ACME_SFTP_KEY", server.client_key)
        with pytest.raises(SourceError) as err:
            fetch_export("acme", server.settings(server.new_folder(), key_env="ACME_SFTP_KEY"))
    finally:
        server.stop()
    text = str(err.value)
    assert text.startswith("sftp source of customer 'acme': the server at 127.0.0.1:")
    assert "did not start SFTP" in text and "subsystem" in err.value.hint and err.value.retryable is False


def test_without_pin_or_known_hosts_setting_the_users_known_hosts_decides(drop, sshd, tmp_path, monkeypatch):
    """Checked by default: no host_key / known_hosts setting means ~/.ssh/known_hosts, never trust-on-first-use."""
    folder, settings = drop
    _write(folder / "a.csv", "a\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    block = {k: v for k, v in settings.items() if k != "host_key"}
    with pytest.raises(SourceError, match="not trusted") as err:
        sftp.list_files("acme", block)
    assert f'host_key: "{sshd.host_key_line}"' in err.value.hint
    (tmp_path / ".ssh").mkdir()
    (tmp_path / ".ssh" / "known_hosts").write_text(sshd.known_hosts_line + "\n")
    assert [f.name for f in sftp.list_files("acme", block)] == ["a.csv"]
