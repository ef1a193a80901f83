"""Anaplan failures: SourceErrors naming customer, source and setting; no password, key or token leaks."""

from __future__ import annotations

import base64
import logging
import time

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from budget_sync.errors import SourceError
from budget_sync.sources.anaplan import fetch
from budget_sync_tests.sources_api.conftest import (
    ANAPLAN_CERT_ENV,
    ANAPLAN_KEY_ENV,
    ANAPLAN_PASSWORD,
    ANAPLAN_PASSWORD_ENV,
    EXPORT_ID,
    _new_key,
    anaplan_settings,
    certificate_settings,
    private_pem,
    self_signed_certificate,
)
from budget_sync_tests.sources_api.fake_anaplan import anaplan_error


def fetch_error(settings) -> SourceError:
    with pytest.raises(SourceError) as caught:
        fetch("acme", settings)
    error = caught.value
    assert error.customer_id == "acme" and error.source_type == "anaplan"
    assert "anaplan source of customer 'acme'" in str(error)
    return error


def test_failing_task_includes_the_dump_excerpt(anaplan):
    export = anaplan.exports[EXPORT_ID]
    export.behaviour = "fail"
    export.dump = b'"_Line_","_Error_1_"\n"3","Invalid number: abc"\n'
    error = fetch_error(anaplan_settings(anaplan))
    assert "failed in Anaplan: Line item 'Budget' is invalid" in error.message
    assert "Invalid number: abc" in error.message
    assert error.retryable is False
    assert any(path.endswith("/dump") for _, path in anaplan.log)


def test_task_that_never_finishes_times_out_and_is_cancelled(anaplan):
    anaplan.exports[EXPORT_ID].behaviour = "never"
    started = time.monotonic()
    error = fetch_error(anaplan_settings(anaplan, timeout=0.5, poll_interval=0.1))
    assert time.monotonic() - started < 3
    assert "did not finish within 0.5 s (state IN_PROGRESS, 40% done)" in error.message
    assert "timeout" in error.hint and error.retryable is True
    assert any(method == "DELETE" for method, _ in anaplan.log)


def test_cancelled_task(anaplan):
    anaplan.exports[EXPORT_ID].behaviour = "cancel"
    error = fetch_error(anaplan_settings(anaplan))
    assert "was cancelled in Anaplan" in error.message and error.retryable is True


def test_bad_password(anaplan, monkeypatch):
    monkeypatch.setenv(ANAPLAN_PASSWORD_ENV, "wrong")
    error = fetch_error(anaplan_settings(anaplan))
    assert "refused the sign-in of user 'alice@acme.example' (Login failed)" in error.message
    assert ANAPLAN_PASSWORD_ENV in error.hint and "password_env" in error.hint
    assert error.retryable is False


def test_unknown_certificate(anaplan, monkeypatch):
    stranger = _new_key()
    monkeypatch.setenv(
        ANAPLAN_CERT_ENV, self_signed_certificate(stranger).public_bytes(Encoding.PEM).decode()
    )
    monkeypatch.setenv(ANAPLAN_KEY_ENV, private_pem(stranger))
    error = fetch_error(certificate_settings(anaplan))
    assert "refused the certificate sign-in" in error.message
    assert ANAPLAN_CERT_ENV in error.hint and error.retryable is False


def test_key_not_matching_the_certificate(anaplan, monkeypatch):
    monkeypatch.setenv(ANAPLAN_KEY_ENV, private_pem(_new_key()))
    error = fetch_error(certificate_settings(anaplan))
    assert "refused the certificate sign-in" in error.message


def test_garbled_certificate_and_key(anaplan, monkeypatch):
    monkeypatch.setenv(ANAPLAN_CERT_ENV, "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----")
    assert "does not hold a PEM certificate" in fetch_error(certificate_settings(anaplan)).message
    monkeypatch.setenv(ANAPLAN_CERT_ENV, "/no/such/cert.pem")
    assert "cannot be read" in fetch_error(certificate_settings(anaplan)).message


def test_unknown_export_lists_the_exports(anaplan):
    error = fetch_error(anaplan_settings(anaplan, export_id="116000000099"))
    assert "export action 116000000099 was not found" in error.message
    assert "116000000001 (Budget FY25.csv)" in error.message and "export_id" in error.hint
    assert error.retryable is False


def test_unknown_model(anaplan):
    error = fetch_error(anaplan_settings(anaplan, model_id="NOPE"))
    assert "model 'NOPE'" in error.message and "model_id" in error.hint
    assert error.retryable is False


def test_no_access_to_model(anaplan):
    anaplan.forbidden = True
    error = fetch_error(anaplan_settings(anaplan))
    assert "may not" in error.message and error.retryable is False


def test_persistent_server_errors_give_up(anaplan):
    anaplan.failures = [anaplan_error(503, "Service Unavailable")] * 10
    error = fetch_error(anaplan_settings(anaplan, max_attempts=3))
    assert "kept answering HTTP 503" in error.message and "3 attempts" in error.message
    assert error.retryable is True


def test_unreachable(anaplan):
    error = fetch_error(anaplan_settings(anaplan, auth_url="http://127.0.0.1:9", max_attempts=2))
    assert "could not be reached" in error.message and error.retryable is True


def test_unusable_url(anaplan):
    error = fetch_error(anaplan_settings(anaplan, api_url="api.anaplan.internal/2/0"))
    assert "is not usable" in error.message and "api_url" in error.hint and error.retryable is False


def test_401_twice_is_an_error(anaplan):
    anaplan.failures = [anaplan_error(401, "Unauthorized")] * 2
    error = fetch_error(anaplan_settings(anaplan))
    assert "even after signing in again" in error.message and error.retryable is False


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # The same messages as `sources apply` gives: one model checks the block in both places.
        ({"workspace_id": ""}, "source.workspace_id is required for a anaplan source"),
        ({"export_id": None}, "source.export_id is required"),
        ({"auth": "oauth"}, "source.auth 'oauth' is not valid"),
        ({"password_env": None}, "source.password_env is required for Anaplan basic auth"),
        ({"download": "zip"}, "source.download 'zip' is not valid"),
        ({"timeout": "soon"}, "source.timeout 'soon' must be a number of seconds"),
        ({"export": "e2"}, "unknown setting 'source.export' for a anaplan source (did you mean export_id?)"),
        (
            {"password_env": "ACME_ANAPLAN_UNSET_VAR"},
            "ACME_ANAPLAN_UNSET_VAR (setting password_env) is not set",
        ),
    ],
)
def test_bad_settings(anaplan, change, expected):
    error = fetch_error(anaplan_settings(anaplan, **change))
    assert expected in error.message and error.retryable is False


def test_no_secret_in_errors_or_logs(anaplan, monkeypatch, caplog, anaplan_cert_key):
    caplog.set_level(logging.DEBUG)
    messages = []
    anaplan.revoke_at_call = 2
    anaplan.token_lifetime = 200
    fetch("acme", anaplan_settings(anaplan))  # signs in, refreshes, re-authenticates, logs
    scenarios = [
        lambda: anaplan.exports[EXPORT_ID].__setattr__("behaviour", "fail"),
        lambda: anaplan.failures.extend([anaplan_error(401, "Unauthorized")] * 2),
        lambda: monkeypatch.setenv(ANAPLAN_PASSWORD_ENV, ANAPLAN_PASSWORD + "x"),
    ]
    for arrange in scenarios:
        arrange()
        with pytest.raises(SourceError) as caught:
            fetch("acme", anaplan_settings(anaplan))
        messages += [str(caught.value), repr(caught.value)]
    monkeypatch.setenv(ANAPLAN_KEY_ENV, private_pem(_new_key()))
    with pytest.raises(SourceError) as caught:
        fetch("acme", certificate_settings(anaplan))
    messages.append(str(caught.value))
    text = "\n".join(messages + [caplog.text])
    key_lines = [line for line in private_pem(anaplan_cert_key).splitlines() if len(line) > 20]
    basic = base64.b64encode(f"alice@acme.example:{ANAPLAN_PASSWORD}".encode()).decode()
    assert len(anaplan.issued) >= 3 and anaplan.refreshes >= 1
    for secret in [ANAPLAN_PASSWORD, basic, *anaplan.issued, *key_lines]:
        assert secret not in text


def test_an_unforeseen_answer_is_still_a_clear_retryable_source_error(anaplan, caplog):
    """An answer no code path expects (here: `exports` that is not a list) must not escape as a bare
    AttributeError: fetch_export names the customer and source, says what to check, logs the traceback."""
    from budget_sync.sources import fetch_export
    from budget_sync_tests.sources_api.fake_http import Reply

    anaplan.failures = [Reply.json(200, {"exports": "not a list"})]
    with pytest.raises(SourceError) as caught:
        fetch_export("acme", anaplan_settings(anaplan))
    error = caught.value
    assert str(error).startswith("anaplan source of customer 'acme': fetching the export failed unexpectedly")
    assert "(AttributeError)" in error.message and "sync logs" in error.hint and error.retryable is True
    assert "AttributeError" in caplog.text and ANAPLAN_PASSWORD not in caplog.text + str(error)
