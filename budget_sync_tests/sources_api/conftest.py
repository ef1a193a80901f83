"""Fixtures for the API connectors: throwaway RSA keys and the fake Sheets / Anaplan servers on loopback."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from budget_sync_tests.sources_api.fake_anaplan import FakeAnaplan, FakeExport
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


# --- Anaplan ------------------------------------------------------------------------------------
ANAPLAN_PASSWORD_ENV = "ACME_ANAPLAN_PASSWORD_TEST"
ANAPLAN_CERT_ENV = "ACME_ANAPLAN_CERT_TEST"
ANAPLAN_KEY_ENV = "ACME_ANAPLAN_KEY_TEST"
ANAPLAN_PASSWORD = "s3cret-Anaplan-pa55word"
WORKSPACE, MODEL, EXPORT_ID = (
    "8a81b09d5e8c6f27015ea5ba1a9f14c1",
    "75A40874E6B64FA3AE0743278996850F",
    "116000000001",
)
BUDGET_CSV = b"Department,FY25 Budget,Currency\nSales,1200.00,USD\nR&D,950.50,USD\n"


def self_signed_certificate(key, name: str = "budget-sync@acme.example"):
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )


@pytest.fixture(scope="session")
def anaplan_cert_key():
    return _new_key()


@pytest.fixture
def anaplan(anaplan_cert_key, monkeypatch):
    """The fake Anaplan with user alice (password in env), a registered certificate and one export."""
    fake = FakeAnaplan(WORKSPACE, MODEL)
    with FakeServer(fake) as server:
        fake.url = server.url
        fake.users["alice@acme.example"] = ANAPLAN_PASSWORD
        cert = self_signed_certificate(anaplan_cert_key)
        fake.certificates[base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()] = cert
        fake.exports[EXPORT_ID] = FakeExport("Budget FY25.csv", BUDGET_CSV)
        fake.exports["116000000002"] = FakeExport("Headcount.csv", b"x\n")
        monkeypatch.setenv(ANAPLAN_PASSWORD_ENV, ANAPLAN_PASSWORD)
        monkeypatch.setenv(ANAPLAN_CERT_ENV, cert.public_bytes(serialization.Encoding.PEM).decode())
        monkeypatch.setenv(ANAPLAN_KEY_ENV, private_pem(anaplan_cert_key))
        yield fake


def anaplan_settings(fake, **extra) -> dict:
    settings = {
        "type": "anaplan",
        "workspace_id": WORKSPACE,
        "model_id": MODEL,
        "export_id": EXPORT_ID,
        "auth": "basic",
        "username": "alice@acme.example",
        "password_env": ANAPLAN_PASSWORD_ENV,
        "poll_interval": 0.05,
        "timeout": 10,
        "auth_url": fake.url,
        "api_url": fake.url + "/2/0",
        "max_retry_wait": 0.2,
        "retry_base_wait": 0.05,
    }
    settings.update(extra)
    return settings


def certificate_settings(fake, **extra) -> dict:
    settings = anaplan_settings(fake, auth="certificate", certificate_env=ANAPLAN_CERT_ENV, **extra)
    settings["private_key_env"] = ANAPLAN_KEY_ENV
    del settings["username"], settings["password_env"]
    return settings
