"""Google Sheets connector: one sheet's values, as the Sheets API formats them, through gspread.

Settings (the customer's `source:` block): `spreadsheet_id`, `sheet` (default: the first sheet),
`credentials_env` (env var holding the service-account JSON key or its path), optional `api_base_url`
(proxy or test server), `max_attempts` and `max_retry_wait` (bounded retries on 429 and 5xx).
"""

from __future__ import annotations

import functools
import logging

import gspread
from google.auth import exceptions as auth_errors
from gspread.exceptions import APIError, SpreadsheetNotFound, WorksheetNotFound

from budget_sync.errors import SourceError
from budget_sync.sources.google_credentials import load_credentials
from budget_sync.sources.google_sheets_http import GOOGLE_API_BASE, RetriesExhausted, RetryingHTTPClient
from budget_sync.sources.http_retry import RetryPolicy
from budget_sync.sources.raw_export import RawExport

log = logging.getLogger(__name__)
SOURCE = "google_sheets"


def fetch(customer_id: str, settings: dict, file=None) -> RawExport:
    """All values of the configured sheet as ragged rows of formatted strings."""
    spreadsheet_id = str(settings.get("spreadsheet_id") or "").strip()
    if not spreadsheet_id:
        raise SourceError(
            customer_id,
            SOURCE,
            "setting spreadsheet_id is missing",
            "set source.spreadsheet_id to the id in the sheet's URL (between /d/ and /edit)",
            retryable=False,
        )
    credentials = load_credentials(customer_id, settings)
    client = gspread.Client(
        credentials,
        http_client=functools.partial(
            RetryingHTTPClient,
            policy=RetryPolicy.from_settings(settings),
            api_base_url=settings.get("api_base_url") or GOOGLE_API_BASE,
        ),
    )
    problem = _Problem(customer_id, spreadsheet_id, settings, credentials.service_account_email)
    try:
        spreadsheet = client.open_by_key(spreadsheet_id)
        worksheet = _worksheet(spreadsheet, settings.get("sheet"), problem)
        cells = [list(row) for row in worksheet.get()]
    except SourceError:
        raise
    except Exception as exc:  # every other failure becomes a SourceError that says what to check
        raise problem.explain(exc) from None
    if cells == [[]]:
        cells = []
    log.info("google_sheets %s: read %d rows from sheet %r", customer_id, len(cells), worksheet.title)
    return RawExport.from_cells(
        customer_id,
        SOURCE,
        f"{spreadsheet.title} / {worksheet.title}",
        f"google_sheets://{spreadsheet_id}/{worksheet.title}",
        cells,
        sheet=worksheet.title,
    )


def _worksheet(spreadsheet, sheet: str | None, problem: _Problem):
    if not sheet:
        try:
            return spreadsheet.get_worksheet(0)
        except WorksheetNotFound:
            raise problem.error(
                "the spreadsheet has no sheets", "the spreadsheet_id points at the right file"
            ) from None
    try:
        return spreadsheet.worksheet(sheet)
    except WorksheetNotFound:
        names = ", ".join(repr(ws.title) for ws in spreadsheet.worksheets()) or "none"
        raise problem.error(
            f"sheet {sheet!r} was not found in spreadsheet {spreadsheet.title!r} (sheets: {names})",
            "setting sheet: the tab name must match exactly, including spaces and case",
        ) from None


class _Problem:
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
                f"the Google Sheets API at {self.api} {what}; gave up after {exc.attempts} attempts",
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
