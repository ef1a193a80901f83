"""Session-scoped real servers for the file-drop sources, reusable by other test areas.

- `sshd`: a started `servers.SshdServer` (OpenSSH on 127.0.0.1, pinned host key in `.host_key_line`,
  client keys in `.client_key` / `.encrypted_key` + `.passphrase`); `sshd.settings(sshd.new_folder())`
  gives an sftp source block; put credentials in env vars with monkeypatch and name them in the block.
- `moto_s3`: a started `servers.MotoS3` (`.endpoint_url`, `.client()`, `.new_bucket()`, `.enforce_auth()`).

Other areas use them with ``from budget_sync_tests.sources_drop.conftest import sshd, moto_s3  # noqa``
in their own conftest.py. Without sshd installed the SFTP tests skip (fail under CI=true).
"""

from __future__ import annotations

import pytest

from budget_sync_tests.sources_drop.servers import MotoS3, SshdServer, sshd_missing_problem


@pytest.fixture(scope="session")
def sshd(tmp_path_factory):
    problem = sshd_missing_problem()
    if problem:
        message, fatal = problem
        if fatal:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    server = SshdServer(tmp_path_factory.mktemp("sshd")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def moto_s3():
    server = MotoS3().start()
    try:
        yield server
    finally:
        server.stop()
