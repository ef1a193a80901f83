"""Service-account credentials for Google Sheets, read from the environment variable named in the settings.

The variable holds either the JSON key itself or the path of the JSON key file. Nothing read here is ever
put in a message: errors name the variable, never its content. Parsing the private key costs tens of
milliseconds of CPU, more than the rest of a fetch, so the parsed signer is kept per key (in memory only).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from google.auth.crypt import RSASigner
from google.oauth2.service_account import Credentials

from budget_sync.errors import SourceError

SCOPES = ("https://www.googleapis.com/auth/spreadsheets.readonly",)
REQUIRED_FIELDS = ("client_email", "private_key", "token_uri")


def load_credentials(customer_id: str, settings: dict) -> Credentials:
    """Read-only Sheets credentials from `settings["credentials_env"]`, or a SourceError saying what to fix."""
    info = _service_account_info(customer_id, settings)
    try:
        signer = _signer(info["private_key"], info.get("private_key_id"))
        return Credentials(
            signer,
            service_account_email=info["client_email"],
            token_uri=info["token_uri"],
            project_id=info.get("project_id"),
            scopes=list(SCOPES),
        )
    except (ValueError, TypeError, KeyError):
        name = settings["credentials_env"]
        raise _error(
            customer_id,
            f"the service-account key in environment variable {name} cannot be loaded",
            f"{name} must hold the complete JSON key downloaded from Google Cloud (IAM > Service accounts > "
            "Keys), with its private_key unchanged",
        ) from None


@functools.lru_cache(maxsize=64)
def _signer(private_key: str, key_id: str | None) -> RSASigner:
    return RSASigner.from_string(private_key, key_id)


def _service_account_info(customer_id: str, settings: dict) -> dict:
    name = settings.get("credentials_env")
    if not name:
        raise _error(
            customer_id,
            "setting credentials_env is missing",
            "set source.credentials_env to the name of an environment variable holding the service-account "
            "JSON key (or the path of the key file)",
        )
    value = os.environ.get(name, "").strip()
    if not value:
        raise _error(
            customer_id,
            f"environment variable {name} (setting credentials_env) is not set or empty",
            f"export {name} with the service-account JSON key or the path of the key file on the machine "
            "running the sync",
        )
    if not value.startswith("{"):
        value = _read_key_file(customer_id, name, value)
    try:
        info = json.loads(value)
    except json.JSONDecodeError:
        info = None
    if not isinstance(info, dict) or info.get("type", "service_account") != "service_account":
        raise _error(
            customer_id,
            f"environment variable {name} does not hold a service-account JSON key",
            f'{name} must hold the JSON key of a service account ("type": "service_account") or its path',
        )
    missing = [field for field in REQUIRED_FIELDS if not info.get(field)]
    if missing:
        raise _error(
            customer_id,
            f"the service-account key in {name} lacks {', '.join(missing)}",
            "download a fresh JSON key for the service account; do not edit it by hand",
        )
    return info


def _read_key_file(customer_id: str, name: str, path_text: str) -> str:
    path = Path(path_text).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        shown = f": {path}" if _looks_like_path(path_text) else ""
        raise _error(
            customer_id,
            f"the key file named by environment variable {name} cannot be read{shown}",
            f"{name} must hold the JSON key itself or the path of a readable JSON key file",
        ) from None


def _looks_like_path(text: str) -> bool:
    """Show the value only when it is plainly a file path, so a mangled key is never echoed."""
    return len(text) < 256 and "\n" not in text and ("/" in text or text.endswith(".json"))


def _error(customer_id: str, message: str, hint: str) -> SourceError:
    return SourceError(customer_id, "google_sheets", message, hint, retryable=False)
