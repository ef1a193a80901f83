"""Fixtures for the API connectors: throwaway RSA keys and the fake Sheets / Anaplan servers on loopback."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from budget_sync_tests.sources_api.fake_http import FakeServer
from budget_sync_tests.sources_api.fake_sheets import FakeSheets, Spreadsheet

SA_EMAIL = "budget-sync@acme-budgets.iam.gserviceaccount.com"
SA_ENV = "ACME_GOOGLE_SA_TEST"


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def public_pem(key) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@pytest.fixture(scope="session")
def sa_key():
    """The service account's throwaway key (the fake knows its public half)."""
    return _new_key()


@pytest.fixture(scope="session")
def stranger_key():
    """A key the fake has never seen: signing with it must be refused."""
    return _new_key()


def service_account_json(token_uri: str, key, email: str = SA_EMAIL) -> str:
    return json.dumps(
        {
            "type": "service_account",
            "project_id": "acme-budgets",
            "private_key_id": "0123456789abcdef",
            "private_key": private_pem(key),
            "client_email": email,
            "client_id": "1234567890",
            "token_uri": token_uri,
        }
    )


@pytest.fixture
def sheets(sa_key, monkeypatch):
    """The fake Sheets API with one spreadsheet, and the service-account JSON in env var SA_ENV."""
    fake = FakeSheets()
    with FakeServer(fake) as server:
        fake.url = server.url
        fake.token_uri = server.url + "/token"
        fake.accounts[SA_EMAIL] = public_pem(sa_key)
        fake.spreadsheets["sheet-abc"] = Spreadsheet(
            "Acme Budget 2025",
            [
                ("Summary", [["Acme budget"], ["See FY2025 Budget"]]),
                (
                    "FY2025 Budget",
                    [["Dept", "FY25 Budget"], ["Sales", "$1,200.00"], ["R&D"], [], ["Ops", "300"]],
                ),
            ],
        )
        monkeypatch.setenv(SA_ENV, service_account_json(fake.token_uri, sa_key))
        yield fake


def sheets_settings(fake, **extra) -> dict:
    settings = {
        "type": "google_sheets",
        "spreadsheet_id": "sheet-abc",
        "credentials_env": SA_ENV,
        "api_base_url": fake.url,
        "max_retry_wait": 2,
    }
    settings.update(extra)
    return settings
