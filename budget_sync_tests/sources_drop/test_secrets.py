"""Issue 5 item 8: connector errors and logs never contain the secrets they were given.

Every failure (and a success) runs with DEBUG logging captured from every logger, including paramiko's
and botocore's; the error texts, their hints and the whole log are then searched for each secret.
"""

import logging
import os

import pytest

from budget_sync.errors import SourceError
from budget_sync.sources import s3, sftp
from budget_sync_tests.sources_drop.servers import free_port, new_ed25519


def _key_body(private_key: str) -> list[str]:
    """The base64 lines of a private key: any of them showing up would be a leak."""
    return [line for line in private_key.splitlines() if line and not line.startswith("-----")]


def _assert_clean(texts, secrets):
    blob = "\n".join(texts)
    for secret in secrets:
        assert secret not in blob


def test_sftp_secrets_never_in_errors_or_logs(sshd, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    folder = sshd.new_folder()
    (folder / "b.csv").write_text("a,b\n")
    password = "pw-" + os.urandom(8).hex()
    wrong_passphrase = "pp-" + os.urandom(8).hex()
    stranger, _ = new_ed25519()
    monkeypatch.setenv("LEAK_PASSWORD", password)
    monkeypatch.setenv("LEAK_KEY", sshd.encrypted_key)
    monkeypatch.setenv("LEAK_PASSPHRASE", sshd.passphrase)
    monkeypatch.setenv("LEAK_WRONG_PASSPHRASE", wrong_passphrase)
    monkeypatch.setenv("LEAK_STRANGER", stranger)
    base = sshd.settings(folder)
    failing = [
        {**base, "password_env": "LEAK_PASSWORD"},
        {**base, "key_env": "LEAK_KEY", "key_passphrase_env": "LEAK_WRONG_PASSPHRASE"},
        {**base, "key_env": "LEAK_KEY"},
        {**base, "key_env": "LEAK_STRANGER"},
        {
            **base,
            "key_env": "LEAK_KEY",
            "key_passphrase_env": "LEAK_PASSPHRASE",
            "host_key": None,
            "known_hosts": os.devnull,
        },
        {**base, "password_env": "LEAK_PASSWORD", "port": free_port(), "connect_timeout": 2},
        {**base, "key_env": "LEAK_KEY", "key_passphrase_env": "LEAK_PASSPHRASE", "path": str(folder / "no")},
    ]
    texts = []
    for block in failing:
        with pytest.raises(SourceError) as err:
            sftp.fetch("acme", block)
        texts += [str(err.value), repr(err.value), err.value.hint, err.value.message]
    ok = sftp.fetch("acme", {**base, "key_env": "LEAK_KEY", "key_passphrase_env": "LEAK_PASSPHRASE"})
    assert ok.content == b"a,b\n"
    texts.append(caplog.text)
    assert any(r.name.startswith("paramiko") for r in caplog.records)  # paramiko DEBUG logs were captured
    secrets = [
        password,
        wrong_passphrase,
        sshd.passphrase,
        *_key_body(sshd.encrypted_key),
        *_key_body(stranger),
    ]
    _assert_clean(texts, secrets)


def test_s3_secrets_never_in_errors_or_logs(moto_s3, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    bucket = moto_s3.new_bucket()
    moto_s3.client().put_object(Bucket=bucket, Key="b.csv", Body=b"a,b\n")
    secret = "Sx" + os.urandom(19).hex()
    monkeypatch.setenv("LEAK_KEY_ID", "AKIALEAKTEST00000001")
    monkeypatch.setenv("LEAK_SECRET", secret)
    base = {
        "bucket": bucket,
        "region": "us-east-1",
        "endpoint_url": moto_s3.endpoint_url,
        "access_key_env": "LEAK_KEY_ID",
        "secret_key_env": "LEAK_SECRET",
    }
    texts = []
    with moto_s3.enforce_auth(), pytest.raises(SourceError) as err:
        s3.fetch("acme", base)
    texts += [str(err.value), repr(err.value)]
    for block in (
        {**base, "bucket": "missing-bucket-x"},
        {**base, "endpoint_url": f"http://127.0.0.1:{free_port()}", "connect_timeout": 1},
    ):
        with pytest.raises(SourceError) as err:
            s3.fetch("acme", block)
        texts += [str(err.value), repr(err.value)]
    assert s3.fetch("acme", base).content == b"a,b\n"
    assert any(r.name.startswith("botocore") for r in caplog.records)
    texts.append(caplog.text)
    _assert_clean(texts, [secret])
    _assert_clean(texts[:-1], ["AKIALEAKTEST00000001"])  # our errors do not even name the key id
