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
from gspread.utils import absolute_range_name

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
        # Two API calls, each counted against the read quota: the metadata (title and tabs), then the
        # values. gspread's open_by_key + get_worksheet would read the metadata twice.
        metadata = client.http_client.fetch_sheet_metadata(spreadsheet_id)
        title = metadata["properties"]["title"]
        tab = _tab([s["properties"]["title"] for s in metadata.get("sheets", [])], title, settings, problem)
        values = client.http_client.values_get(spreadsheet_id, absolute_range_name(tab))
        cells = [list(row) for row in values.get("values", [])]
    except SourceError:
        raise
    except Exception as exc:  # every other failure becomes a SourceError that says what to check
        raise problem.explain(exc) from None
    if cells == [[]]:
        cells = []
    log.info("google_sheets %s: read %d rows from sheet %r", customer_id, len(cells), tab)
    return RawExport.from_cells(
        customer_id,
        SOURCE,
        f"{title} / {tab}",
        f"google_sheets://{spreadsheet_id}/{tab}",
        cells,
        sheet=tab,
    )


def _tab(tabs: list[str], title: str, settings: dict, problem: Problem) -> str:
    """The configured tab (exact title), else the first one."""
    sheet = settings.get("sheet")
    if not sheet:
        if not tabs:
            raise problem.error(
                "the spreadsheet has no sheets", "the spreadsheet_id points at the right file"
            )
        return tabs[0]
    if sheet not in tabs:
        names = ", ".join(repr(t) for t in tabs) or "none"
        raise problem.error(
            f"sheet {sheet!r} was not found in spreadsheet {title!r} (sheets: {names})",
            "setting sheet: the tab name must match exactly, including spaces and case",
        )
    return sheet
