"""Issue 5 item 8, end to end: a sync that fails on a real connector records and reports its failure
(budget_syncs.error, budget_sources.last_error, the CLI's JSON, the in-app notification, the logs) naming
the customer and source, and none of those ever holds the secret the connector was given.

Each connector runs against its local server (fake Sheets, fake Anaplan, real sshd, moto); local folders
have no secrets.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from datetime import UTC, datetime

import pytest

from budget_sync.config import parse_customers
from budget_sync.defs.alerts import FailureMessage, send_failure_alerts
from budget_sync.pipeline import SyncFailed, apply_customers_file, result_json, run_sync
from budget_sync.store.customers import get_customer, get_status
from budget_sync.store.notifications import list_notifications
from budget_sync_tests.pipeline.conftest import sync_rows
from budget_sync_tests.sources_api.conftest import (  # noqa: F401  (fixtures)
    ANAPLAN_PASSWORD,
    ANAPLAN_PASSWORD_ENV,
    SA_ENV,
    anaplan,
    anaplan_cert_key,
    anaplan_settings,
    sa_key,
    sheets,
    sheets_settings,
)
from budget_sync_tests.sources_drop.conftest import moto_s3, sshd  # noqa: F401  (fixtures)


def _key_lines(pem: str) -> list[str]:
    return [line for line in pem.splitlines() if line and not line.startswith("-----")]


def _fail(engine, block: dict, customer_id: str, source_type: str) -> list[str]:
    """Register the customer, run a sync that must fail, and return every text the failure produced."""
    apply_customers_file(engine, parse_customers({"customers": [{"id": customer_id, "source": block}]}))
    with pytest.raises(SyncFailed) as caught:
        run_sync(engine, customer_id, run_id=f"run-{customer_id}")
    outcome = caught.value.outcome
    [row] = sync_rows(engine, customer_id)
    status = get_status(engine, customer_id)
    assert row["status"] == "failed" and row["error"] == outcome.error == status["last_error"]
    assert f"{source_type} source of customer '{customer_id}'" in row["error"]
    assert "Check:" in row["error"]  # says what to check
    customer = get_customer(engine, customer_id)
    message = FailureMessage(
        customer_id=customer_id,
        customer_name=customer.name,
        source_type=customer.source_type,
        reason=outcome.error,
        last_synced_at=None,
        next_attempt="in 15 minutes",
        now=datetime.now(UTC),
        run_id=f"run-{customer_id}",
    )
    assert send_failure_alerts(engine, customer, message) == ["in_app"]
    [note] = list_notifications(engine, customer_id)
    assert outcome.error in note["body"]
    return [
        str(caught.value),
        repr(caught.value),
        row["error"],
        status["last_error"],
        json.dumps(result_json(outcome)),
        note["title"],
        note["body"],
    ]


def test_failed_syncs_record_no_secret(engine, monkeypatch, caplog, request):
    sheets_api, anaplan_api, ssh_server, s3_server = map(
        request.getfixturevalue, ("sheets", "anaplan", "sshd", "moto_s3")
    )
    caplog.set_level(logging.DEBUG)
    texts, secrets = [], []

    # Google Sheets: a valid key signs in (tokens issued), but the spreadsheet is not shared.
    sheets_api.forbidden.add("sheet-abc")
    texts += _fail(engine, sheets_settings(sheets_api), "sheets-co", "google_sheets")
    assert sheets_api.tokens
    secrets += [*_key_lines(json.loads(os.environ[SA_ENV])["private_key"]), *sheets_api.tokens]

    # Anaplan: a wrong password in the env var is refused at sign-in.
    wrong = "anaplan-pw-" + os.urandom(6).hex()
    monkeypatch.setenv(ANAPLAN_PASSWORD_ENV, wrong)
    texts += _fail(engine, anaplan_settings(anaplan_api), "anaplan-co", "anaplan")
    basic = base64.b64encode(f"alice@acme.example:{wrong}".encode()).decode()
    secrets += [wrong, basic, ANAPLAN_PASSWORD, *anaplan_api.issued]

    # SFTP: sshd refuses the password (it is really offered: see test_sftp.py).
    password = "sftp-pw-" + os.urandom(6).hex()
    monkeypatch.setenv("LEAK_SFTP_PASSWORD", password)
    block = ssh_server.settings(ssh_server.new_folder(), password_env="LEAK_SFTP_PASSWORD")
    texts += _fail(engine, block, "sftp-co", "sftp")
    secrets.append(password)

    # S3: moto checks the signature and rejects the key pair.
    secret_key = "s3-secret-" + os.urandom(10).hex()
    monkeypatch.setenv("LEAK_S3_KEY_ID", "AKIALEAKPIPELINE0001")
    monkeypatch.setenv("LEAK_S3_SECRET", secret_key)
    block = {
        "type": "s3",
        "bucket": s3_server.new_bucket(),
        "region": "us-east-1",
        "endpoint_url": s3_server.endpoint_url,
        "access_key_env": "LEAK_S3_KEY_ID",
        "secret_key_env": "LEAK_S3_SECRET",
    }
    with s3_server.enforce_auth():
        texts += _fail(engine, block, "s3-co", "s3")
    secrets.append(secret_key)

    blob = "\n".join([*texts, caplog.text])
    for secret in secrets:
        assert secret not in blob
