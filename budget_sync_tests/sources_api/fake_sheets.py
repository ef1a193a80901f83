"""A local fake of the Google Sheets v4 API and Google's OAuth token endpoint, as gspread 6 calls them.

Token endpoint (`/token`, the `token_uri` of the test key): verifies the RS256 JWT assertion with the
service account's public key (iss, aud, scope, expiry) and issues a random bearer token. API calls must
carry one of the issued tokens. Routes: `GET /v4/spreadsheets/{id}` (spreadsheets.get),
`GET /v4/spreadsheets/{id}/values/{range}` (values.get), `GET /v4/spreadsheets/{id}/values:batchGet`.
Error bodies follow Google's `{"error": {"code", "message", "status"}}` shape.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import unquote

import jwt

from budget_sync_tests.sources_api.fake_http import Reply, Request

# google-auth always signs for Google's token endpoint, whatever the key's token_uri says; Google checks that.
TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"
READONLY_SCOPE = "https://www.googleapis.com/auth/spreadsheets.readonly"
STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}
SPREADSHEET = re.compile(r"^/v4/spreadsheets/([^/:]+)$")
VALUES = re.compile(r"^/v4/spreadsheets/([^/:]+)/values/([^/]+)$")
BATCH = re.compile(r"^/v4/spreadsheets/([^/:]+)/values:batchGet$")


@dataclass
class Spreadsheet:
    title: str
    sheets: list[tuple[str, list[list[str]]]] = field(default_factory=list)


def google_error(status: int, message: str, headers: dict | None = None) -> Reply:
    error = {"code": status, "message": message, "status": STATUS_NAMES.get(status, "UNKNOWN")}
    return Reply.json(status, {"error": error}, headers)


class FakeSheets:
    """State of the fake: accounts (email -> public key PEM), spreadsheets, injected failures, call log."""

    def __init__(self):
        self.url = self.token_uri = ""  # set once the server is listening
        self.accounts: dict[str, bytes] = {}
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.forbidden: set[str] = set()
        self.tokens: set[str] = set()
        self.tokens_accepted = True  # False: the API refuses every token (e.g. account disabled meanwhile)
        self.failures: list[Reply] = []  # served, in order, to the next API calls
        self.fail_forever: Reply | None = None
        self.api_calls: list[tuple[float, str]] = []
        self.token_calls = 0
        self.lock = threading.Lock()

    def fail_next(self, status: int, times: int = 1, retry_after: str | None = None) -> None:
        headers = {"Retry-After": retry_after} if retry_after else {}
        self.failures += [
            google_error(status, "Quota exceeded for quota metric 'Read requests'", headers)
        ] * times

    def handle(self, request: Request) -> Reply:
        if request.method == "POST" and request.path == "/token":
            return self._token(request)
        with self.lock:
            self.api_calls.append((time.monotonic(), request.path))
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.tokens or not self.tokens_accepted:
            return google_error(401, "Request had invalid authentication credentials.")
        with self.lock:
            injected = self.failures.pop(0) if self.failures else self.fail_forever
        if injected is not None:
            return injected
        return self._api(request)

    def _token(self, request: Request) -> Reply:
        self.token_calls += 1
        form = request.form()
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return Reply.json(400, {"error": "unsupported_grant_type"})
        assertion = form.get("assertion", "")
        try:
            issuer = jwt.decode(assertion, options={"verify_signature": False}).get("iss", "")
            claims = jwt.decode(
                assertion,
                self.accounts[issuer],
                algorithms=["RS256"],
                audience=TOKEN_AUDIENCE,
                options={"require": ["iss", "aud", "exp", "iat", "scope"]},
            )
        except (KeyError, jwt.InvalidTokenError):
            return Reply.json(400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
        if READONLY_SCOPE not in claims["scope"].split():
            return Reply.json(400, {"error": "invalid_scope", "error_description": "Invalid OAuth scope."})
        token = "ya29.fake-" + secrets.token_urlsafe(24)
        self.tokens.add(token)
        return Reply.json(200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

    def _api(self, request: Request) -> Reply:
        if request.method != "GET":
            return google_error(405, "Method not allowed by the fake")
        for pattern, route in (
            (SPREADSHEET, self._get),
            (BATCH, self._batch_get),
            (VALUES, self._values_get),
        ):
            match = pattern.match(request.raw_path)
            if match:
                key = unquote(match.group(1))
                if key in self.forbidden:
                    return google_error(403, "The caller does not have permission")
                if key not in self.spreadsheets:
                    return google_error(404, "Requested entity was not found.")
                return route(key, self.spreadsheets[key], request, *map(unquote, match.groups()[1:]))
        return google_error(404, f"No route for {request.path}")

    def _get(self, key: str, book: Spreadsheet, request: Request) -> Reply:
        sheets = [
            {
                "properties": {
                    "sheetId": index * 1000,
                    "title": title,
                    "index": index,
                    "sheetType": "GRID",
                    "gridProperties": {"rowCount": max(len(rows), 1000), "columnCount": 26},
                }
            }
            for index, (title, rows) in enumerate(book.sheets)
        ]
        properties = {"title": book.title, "locale": "en_US", "timeZone": "Etc/GMT"}
        return Reply.json(200, {"spreadsheetId": key, "properties": properties, "sheets": sheets})

    def _values_get(self, key: str, book: Spreadsheet, request: Request, a1: str) -> Reply:
        value_range = _value_range(book, a1)
        if value_range is None:
            return google_error(400, f"Unable to parse range: {a1}")
        return Reply.json(200, value_range)

    def _batch_get(self, key: str, book: Spreadsheet, request: Request) -> Reply:
        ranges = [_value_range(book, a1) for a1 in request.query.get("ranges", [])]
        if None in ranges:
            return google_error(400, "Unable to parse range")
        return Reply.json(200, {"spreadsheetId": key, "valueRanges": ranges})


def _value_range(book: Spreadsheet, a1: str) -> dict | None:
    """Whole-sheet ranges only (what the connector asks for): `'Title'` or `Title`."""
    title, cells = split_a1(a1)
    if cells:
        return None
    for sheet_title, rows in book.sheets:
        if sheet_title == title:
            answer = {"range": f"'{title}'!A1:Z1000", "majorDimension": "ROWS"}
            if rows:
                answer["values"] = rows
            return answer
    return None


def split_a1(a1: str) -> tuple[str, str]:
    """("Title", "A1:B2") from "'Title'!A1:B2"; doubled quotes inside a quoted title stand for one."""
    if not a1.startswith("'"):
        title, _, cells = a1.partition("!")
        return title, cells
    title, i = "", 1
    while i < len(a1):
        if a1[i] == "'":
            if a1[i + 1 : i + 2] == "'":
                title, i = title + "'", i + 2
                continue
            break
        title, i = title + a1[i], i + 1
    return title, a1[i + 2 :]
