"""Google Sheets connector: one sheet's values, as the Sheets API formats them, through gspread.

Settings (the customer's `source:` block): `spreadsheet_id`, `sheet` (default: the first sheet),
`credentials_env` (env var holding the service-account JSON key or its path), optional `api_base_url`
(proxy or test server), `max_attempts` and `max_retry_wait` (bounded retries on 429 and 503). The block is checked by the same
model as the customers file (`customer_file.sources.GoogleSheetsSource`).
"""

from __future__ import annotations

import functools
import logging

import gspread
from gspread.exceptions import WorksheetNotFound

from budget_sync.customer_file.problems import validate_source
from budget_sync.errors import SourceError
from budget_sync.sources.google_credentials import load_credentials
from budget_sync.sources.google_sheets_errors import SOURCE, Problem
from budget_sync.sources.google_sheets_http import GOOGLE_API_BASE, RetryingHTTPClient
from budget_sync.sources.http_retry import RetryPolicy
from budget_sync.sources.raw_export import RawExport

log = logging.getLogger(__name__)


def fetch(customer_id: str, settings: dict, file=None) -> RawExport:
    """All values of the configured sheet as ragged rows of formatted strings."""
    model, problems = validate_source({**settings, "type": SOURCE})
    if model is None:
        raise SourceError(
            customer_id,
            SOURCE,
            "; ".join(problems),
            "the customer's source block (docs/sources/google_sheets.md); spreadsheet_id is the id in the "
            "sheet's URL (between /d/ and /edit)",
            retryable=False,
        )
    settings = model.model_dump(exclude_none=True)  # the checked values, e.g. spreadsheet_id stripped
    spreadsheet_id = settings["spreadsheet_id"]
    policy = RetryPolicy.from_settings(settings)
    credentials = load_credentials(customer_id, settings)
    client = gspread.Client(
        credentials,
        http_client=functools.partial(  # type: ignore[arg-type]  # gspread calls it like the class
            RetryingHTTPClient,
            policy=policy,
            api_base_url=settings.get("api_base_url") or GOOGLE_API_BASE,
        ),
    )
    problem = Problem(customer_id, spreadsheet_id, settings, credentials.service_account_email)
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


def _worksheet(spreadsheet, sheet: str | None, problem: Problem):
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
