"""Google Sheets failures (gspread, google-auth, transport) turned into SourceErrors that say what to check.

Only secret-free text goes into a message: Google's short error message, the token endpoint's error code,
the service account's email. Never the key, the signed assertion or a token.
"""

from __future__ import annotations

import logging

import requests
from google.auth import exceptions as auth_errors
from gspread.exceptions import APIError, SpreadsheetNotFound

from budget_sync.errors import SourceError
from budget_sync.sources.google_sheets_http import GOOGLE_API_BASE, RetriesExhausted
from budget_sync.sources.http_retry import tries_text

log = logging.getLogger(__name__)
SOURCE = "google_sheets"
BAD_URL = (
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
)


class Problem:
    """Turns gspread / google-auth / transport failures into SourceErrors naming the setting to check."""

    def __init__(self, customer_id, spreadsheet_id, settings, email):
        self.customer_id = customer_id
        self.spreadsheet_id = spreadsheet_id
        self.credentials_env = settings.get("credentials_env")
        self.api = settings.get("api_base_url") or GOOGLE_API_BASE
        self.email = email

    def error(self, message: str, hint: str, retryable: bool = False) -> SourceError:
        return SourceError(self.customer_id, SOURCE, message, hint, retryable=retryable)

    def explain(self, exc: Exception) -> SourceError:
        share = f"share the spreadsheet with the service account {self.email} (Viewer is enough)"
        if isinstance(exc, SpreadsheetNotFound):
            return self.error(
                f"spreadsheet {self.spreadsheet_id!r} was not found",
                f"setting spreadsheet_id (the id in the sheet's URL between /d/ and /edit), and {share}",
            )
        if isinstance(exc, PermissionError):
            reason = _api_message(exc.__cause__) or "permission denied"
            return self.error(
                f"no permission to read spreadsheet {self.spreadsheet_id!r} ({reason})",
                f"{share}; the Google Sheets API must be enabled in the service account's project",
            )
        if isinstance(exc, RetriesExhausted):
            what = f"kept answering HTTP {exc.status}" if exc.status else "could not be reached"
            return self.error(
                f"the Google Sheets API at {self.api} {what}; gave up after {tries_text(exc.attempts)}",
                "Google's status page and the project's Sheets API quota; the sync will try again later",
                retryable=True,
            )
        if isinstance(exc, auth_errors.RefreshError):
            return self.error(
                f"Google refused to sign in the service account {self.email} ({_token_error(exc)})",
                f"the JSON key in environment variable {self.credentials_env} (setting credentials_env) is "
                "current: not deleted or rotated in Google Cloud, and the service account is enabled",
                retryable=bool(getattr(exc, "retryable", False)),
            )
        if isinstance(exc, auth_errors.TransportError):
            return self.error(
                "the Google sign-in endpoint (token_uri of the key) could not be reached",
                "network access from the sync machine to oauth2.googleapis.com",
                retryable=True,
            )
        if isinstance(exc, APIError) and exc.code == 401:
            return self.error(
                f"the Sheets API rejected the service account's token ({_api_message(exc)})",
                f"the JSON key in environment variable {self.credentials_env} (setting credentials_env)",
            )
        if isinstance(exc, APIError) and exc.code == 404:
            return self.explain(SpreadsheetNotFound())
        if isinstance(exc, APIError) and exc.code == 403:
            reason = _api_message(exc) or "permission denied"
            return self.error(f"no permission to read spreadsheet {self.spreadsheet_id!r} ({reason})", share)
        if isinstance(exc, APIError):
            return self.error(
                f"the Sheets API answered HTTP {exc.code}: {_api_message(exc)}",
                "settings spreadsheet_id and sheet",
            )
        if isinstance(exc, BAD_URL):
            return self.error(f"setting api_base_url is not a usable URL: {self.api}", "setting api_base_url")
        log.exception("google_sheets %s: unexpected failure", self.customer_id)
        return self.error(
            f"reading the spreadsheet failed unexpectedly ({type(exc).__name__})",
            "the sync logs for details; the sync will try again later",
            retryable=True,
        )


def _api_message(exc) -> str:
    """The short, secret-free message of a Google API error body."""
    if isinstance(exc, APIError):
        return str(exc.error.get("message", ""))[:200]
    return ""


def _token_error(exc: auth_errors.RefreshError) -> str:
    """error / error_description from the token endpoint's JSON answer; never the request we sent."""
    for arg in exc.args:
        if isinstance(arg, dict) and arg.get("error"):
            text = str(arg["error"])
            if arg.get("error_description"):
                text += f": {arg['error_description']}"
            return text[:200]
    return "the token endpoint refused the key"
