"""Google Sheets failures: each is a SourceError naming customer, source and setting, with no secret in it."""

from __future__ import annotations

import json
import logging
import os
import time

import pytest

from budget_sync.errors import SourceError
from budget_sync.sources.google_sheets import fetch
from budget_sync_tests.sources_api.conftest import SA_EMAIL, SA_ENV, service_account_json, sheets_settings


def fetch_error(settings) -> SourceError:
    with pytest.raises(SourceError) as caught:
        fetch("acme", settings)
    error = caught.value
    assert error.customer_id == "acme" and error.source_type == "google_sheets"
    assert "customer 'acme'" in str(error) and "google_sheets" in str(error)
    return error


def test_missing_sheet_lists_the_sheets_there_are(sheets):
    error = fetch_error(sheets_settings(sheets, sheet="FY2026 Budget"))
    assert "'FY2026 Budget' was not found" in error.message
    assert "'Summary', 'FY2025 Budget'" in error.message
    assert "sheet" in error.hint and error.retryable is False


def test_no_permission_says_to_share_with_the_service_account(sheets):
    sheets.forbidden.add("sheet-abc")
    error = fetch_error(sheets_settings(sheets))
    assert "no permission" in error.message and "The caller does not have permission" in error.message
    assert f"share the spreadsheet with the service account {SA_EMAIL}" in error.hint
    assert error.retryable is False


def test_unknown_spreadsheet_id(sheets):
    error = fetch_error(sheets_settings(sheets, spreadsheet_id="no-such-key"))
    assert "'no-such-key' was not found" in error.message
    assert "spreadsheet_id" in error.hint and error.retryable is False


def test_token_endpoint_rejects_an_unknown_key(sheets, stranger_key, monkeypatch):
    monkeypatch.setenv(SA_ENV, service_account_json(sheets.token_uri, stranger_key))
    error = fetch_error(sheets_settings(sheets))
    assert "refused to sign in" in error.message and "invalid_grant" in error.message
    assert SA_ENV in error.hint and "credentials_env" in error.hint
    assert error.retryable is False
    assert sheets.api_calls == []


def test_api_rejecting_every_token(sheets):
    sheets.tokens_accepted = False
    error = fetch_error(sheets_settings(sheets))
    assert "rejected the service account's token" in error.message and SA_ENV in error.hint
    assert sheets.token_calls >= 2  # google-auth fetched a fresh token before giving up


def test_429_forever_gives_up_in_bounded_time(sheets):
    sheets.fail_next(429, times=100, retry_after="3600")
    started = time.monotonic()
    error = fetch_error(sheets_settings(sheets, max_attempts=3, max_retry_wait=0.2))
    assert time.monotonic() - started < 5
    assert len(sheets.api_calls) == 3
    assert "kept answering HTTP 429" in error.message and "3 attempts" in error.message
    assert error.retryable is True


def test_unreachable_api_is_retryable(sheets):
    error = fetch_error(
        sheets_settings(sheets, api_base_url="http://127.0.0.1:9", max_attempts=2, retry_base_wait=0.1)
    )
    assert "could not be reached" in error.message and error.retryable is True


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "is not set or empty"),
        ("", "is not set or empty"),
        ("not json and not a file", "cannot be read"),
        ('{"type": "authorized_user"}', "does not hold a service-account JSON key"),
        ('{"type": "service_account", "client_email": "x@y"}', "lacks private_key, token_uri"),
    ],
)
def test_bad_credentials_setting(sheets, monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv(SA_ENV)
    else:
        monkeypatch.setenv(SA_ENV, value)
    error = fetch_error(sheets_settings(sheets))
    assert expected in error.message and SA_ENV in str(error)
    assert error.retryable is False


def test_garbled_private_key(sheets, monkeypatch):
    info = json.loads(os.environ[SA_ENV])
    info["private_key"] = "-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----\n"
    monkeypatch.setenv(SA_ENV, json.dumps(info))
    error = fetch_error(sheets_settings(sheets))
    assert "cannot be loaded" in error.message and error.retryable is False
    assert "not-a-key" not in str(error)


def test_unusable_api_base_url_and_retry_settings(sheets):
    error = fetch_error(sheets_settings(sheets, api_base_url="sheets.internal:8080"))
    assert "api_base_url" in error.message and error.retryable is False
    message = fetch_error(sheets_settings(sheets, max_attempts="many")).message
    assert "source.max_attempts 'many' must be a whole number" in message


def test_missing_settings(sheets):
    assert "spreadsheet_id" in fetch_error(sheets_settings(sheets, spreadsheet_id="")).message
    assert "credentials_env is required" in fetch_error(sheets_settings(sheets, credentials_env=None)).message
    assert "did you mean sheet?" in fetch_error(sheets_settings(sheets, sheeet="Q1")).message


def test_no_secret_in_errors_or_logs(sheets, stranger_key, monkeypatch, caplog):
    """Private keys and issued bearer tokens never appear in an error message or a log record."""
    caplog.set_level(logging.DEBUG)
    good_key = json.loads(os.environ[SA_ENV])["private_key"]
    messages = []
    sheets.fail_next(429, times=1, retry_after="0")
    fetch("acme", sheets_settings(sheets))  # issues a token, retries once, logs
    for settings, tweak in [
        (sheets_settings(sheets, sheet="nope"), None),
        (sheets_settings(sheets, spreadsheet_id="nope"), None),
        (sheets_settings(sheets, max_attempts=2, max_retry_wait=0), "forever"),
        (sheets_settings(sheets), "forbidden"),
        (sheets_settings(sheets), "stranger"),
    ]:
        if tweak == "forever":
            sheets.fail_next(500, times=2)
        if tweak == "forbidden":
            sheets.forbidden.add("sheet-abc")
        if tweak == "stranger":
            monkeypatch.setenv(SA_ENV, service_account_json(sheets.token_uri, stranger_key))
        with pytest.raises(SourceError) as caught:
            fetch("acme", settings)
        messages += [str(caught.value), repr(caught.value), caught.value.hint]
    stranger = json.loads(os.environ[SA_ENV])["private_key"]
    text = "\n".join(messages + [r.getMessage() for r in caplog.records] + [caplog.text])
    assert sheets.tokens, "the fake issued tokens"
    for secret in [good_key, stranger, *sheets.tokens]:
        for piece in [secret, *[line for line in secret.splitlines() if len(line) > 20]]:
            assert piece not in text
