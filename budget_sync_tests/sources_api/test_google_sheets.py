"""Google Sheets connector against the local fake Sheets API: real gspread, real signed JWT, real HTTP."""

from __future__ import annotations

import functools
import json
import os
import time

import gspread

from budget_sync.sources import fetch_export
from budget_sync.sources.google_credentials import load_credentials
from budget_sync.sources.google_sheets import fetch
from budget_sync.sources.google_sheets_http import RetryingHTTPClient
from budget_sync.sources.http_retry import RetryPolicy
from budget_sync_tests.sources_api.conftest import SA_ENV, sheets_settings
from budget_sync_tests.sources_api.fake_sheets import Spreadsheet


def test_named_sheet_keeps_ragged_rows_as_formatted_strings(sheets):
    raw = fetch("acme", sheets_settings(sheets, sheet="FY2025 Budget"))
    assert raw.cells == [["Dept", "FY25 Budget"], ["Sales", "$1,200.00"], ["R&D"], [], ["Ops", "300"]]
    assert raw.sheet == "FY2025 Budget"
    assert raw.file_name == "Acme Budget 2025 / FY2025 Budget"
    assert raw.location == "google_sheets://sheet-abc/FY2025 Budget"
    assert raw.source_type == "google_sheets" and raw.customer_id == "acme"
    assert len(raw.sha256) == 64 and raw.content is None


def test_first_sheet_when_none_is_named(sheets):
    raw = fetch("acme", sheets_settings(sheets))
    assert raw.sheet == "Summary"
    assert raw.cells == [["Acme budget"], ["See FY2025 Budget"]]


def test_a_fetch_makes_two_api_calls_metadata_then_values(sheets):
    """Each call counts against the project's read quota; gspread's open_by_key + get_worksheet would read
    the metadata twice."""
    for named in (None, "FY2025 Budget"):
        sheets.api_calls.clear()
        fetch("acme", sheets_settings(sheets, **({"sheet": named} if named else {})))
        paths = [path for _, path in sheets.api_calls]
        assert len(paths) == 2, paths
        assert paths[0].endswith("/sheet-abc") and "/values/" in paths[1], paths


def test_empty_sheet_gives_no_rows(sheets):
    sheets.spreadsheets["sheet-abc"].sheets.append(("Empty", []))
    raw = fetch("acme", sheets_settings(sheets, sheet="Empty"))
    assert raw.cells == []


def test_sheet_title_with_quote_and_slash(sheets):
    sheets.spreadsheets["odd"] = Spreadsheet("Odd", [("Bob's / FY25!", [["a", "b"]])])
    raw = fetch("acme", sheets_settings(sheets, spreadsheet_id="odd", sheet="Bob's / FY25!"))
    assert raw.cells == [["a", "b"]]


def test_same_content_same_checksum(sheets):
    first = fetch("acme", sheets_settings(sheets, sheet="FY2025 Budget"))
    again = fetch("acme", sheets_settings(sheets, sheet="FY2025 Budget"))
    assert first.sha256 == again.sha256


def test_credentials_env_may_hold_a_key_file_path(sheets, tmp_path, monkeypatch):
    key_file = tmp_path / "sa.json"
    key_file.write_text(os.environ[SA_ENV])
    monkeypatch.setenv(SA_ENV, str(key_file))
    raw = fetch("acme", sheets_settings(sheets, sheet="FY2025 Budget"))
    assert raw.cells[0] == ["Dept", "FY25 Budget"]


def test_fetch_export_dispatches_to_the_connector(sheets):
    raw = fetch_export("acme", sheets_settings(sheets, sheet="FY2025 Budget"))
    assert raw.cells[1] == ["Sales", "$1,200.00"]


def test_429_then_success_honours_retry_after(sheets):
    sheets.fail_next(429, times=1, retry_after="1")
    started = time.monotonic()
    raw = fetch("acme", sheets_settings(sheets, sheet="FY2025 Budget"))
    assert raw.cells[0] == ["Dept", "FY25 Budget"]
    (failed_at, _), (retried_at, _) = sheets.api_calls[0], sheets.api_calls[1]
    assert retried_at - failed_at >= 0.95
    assert time.monotonic() - started < 10


def test_503_is_retried_too(sheets):
    sheets.fail_next(503, times=2, retry_after="0.1")
    raw = fetch("acme", sheets_settings(sheets, sheet="FY2025 Budget"))
    assert raw.cells[0] == ["Dept", "FY25 Budget"]
    assert len(sheets.api_calls) >= 4


def test_the_token_endpoint_saw_a_verified_jwt(sheets):
    fetch("acme", sheets_settings(sheets))
    assert sheets.token_calls == 1 and len(sheets.tokens) == 1
    assert json.loads(os.environ[SA_ENV])["token_uri"] == sheets.token_uri


def test_fake_answers_values_batch_get_as_gspread_calls_it(sheets):
    """The fake speaks values:batchGet too (repeated `ranges` params), for gspread's batch reads."""
    http = functools.partial(RetryingHTTPClient, policy=RetryPolicy(), api_base_url=sheets.url)
    client = gspread.Client(load_credentials("acme", sheets_settings(sheets)), http_client=http)
    answer = client.open_by_key("sheet-abc").values_batch_get(["'FY2025 Budget'", "Summary"])
    assert [r["values"][0] for r in answer["valueRanges"]] == [["Dept", "FY25 Budget"], ["Acme budget"]]
