"""Tiny workbooks that would need gigabytes (a value at XFD1048576 or IV65536, a zip bomb, a lying string
count, repeated ODS cells) are refused with one line naming the file, before calamine sees them, within
bounded memory (issue 9 item 4)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest

from budget_sync_tests.damaged_sync.conftest import HEADER, MONTH_ROWS
from budget_sync_tests.damaged_sync.workbook_parts import (
    big_sheet,
    ods_bytes,
    ods_rows_xml,
    rows_xml,
    sheet_xml,
    xls_bytes,
    xlsx_bytes,
)

ROWS_XML = rows_xml([HEADER, *MONTH_ROWS])
MEMORY_BOUND = 1 << 30


def _stray(ref: str, inner: str = "<v>1</v>") -> str:
    row = "".join(ch for ch in ref if ch.isdigit())
    return f'<row r="{row}"><c r="{ref}">{inner}</c></row>'


def test_the_hand_built_workbook_reads_like_the_csv(acme):
    code, data = acme.upload("b.xlsx", xlsx_bytes(sheet_xml(ROWS_XML)))
    assert (code, data["budgetsUnchanged"], data["rejected"]) == (0, 80, 0), data


def test_stale_wide_dimension_and_styled_empty_cells_far_out_are_read(acme):
    """Real files declare `A1:AMJ39` or format whole columns: no value there, nothing to refuse."""
    body = ROWS_XML + '<row r="1048576"><c r="XFD1048576" s="1"/><c r="XFC1048576"><v></v></c></row>'
    code, data = acme.upload("b.xlsx", xlsx_bytes(sheet_xml(body, dimension="A1:XFD1048576")))
    assert (code, data["budgetsUnchanged"]) == (0, 80), data
    code, data = acme.upload("c.xlsx", xlsx_bytes(sheet_xml(ROWS_XML, dimension="A1:AMJ39")), "--force")
    assert (code, data["budgetsUnchanged"]) == (0, 80), data


def test_one_value_at_the_last_cell_of_the_grid_is_refused(acme):
    data = xlsx_bytes(sheet_xml(ROWS_XML + _stray("XFD1048576")))
    assert len(data) < 4096
    acme.refused("far.xlsx", data, "sheet 'Budget'", "XFD1048576", "used area", "stray cells")
    assert acme.budgeted("Dept 080") == "80080.00"


def test_an_empty_inline_string_far_out_counts_like_calamine_counts_it(acme):
    acme.refused(
        "far.xlsx", xlsx_bytes(sheet_xml(ROWS_XML + _stray("ZZ99999", "<is><t></t></is>"))), "ZZ99999"
    )


@pytest.mark.parametrize("stray", ['<row r="2000000"><c><v>1</v></c></row>', _stray("A1048577")])
def test_rows_and_cells_outside_the_grid_are_refused(acme, stray):
    acme.refused("grid.xlsx", xlsx_bytes(sheet_xml(ROWS_XML + stray)), "outside Excel's", "sheet 'Budget'")


def test_part_that_unpacks_past_the_limit_is_refused(acme):
    bomb = xlsx_bytes(None, big_sheet=big_sheet("", b" " * (1 << 20), 257))
    assert len(bomb) < 2 << 20
    acme.refused("bomb.xlsx", bomb, "xl/worksheets/sheet1.xml", "would unpack to", "zip bomb")


def test_part_packed_far_better_than_a_spreadsheet_is_refused(acme):
    bomb = xlsx_bytes(None, big_sheet=big_sheet("", b" " * (1 << 20), 40))
    acme.refused("bomb.xlsx", bomb, "packs 40.0 MiB into", "zip bomb?")


def test_shared_strings_declaring_billions_are_refused(acme):
    strings = (
        '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="1" uniqueCount="2000000000"><si><t>Dept</t></si></sst>'
    )
    acme.refused("strings.xlsx", xlsx_bytes(sheet_xml(ROWS_XML), strings), "declares 2,000,000,000 strings")


ODS_ROWS = ods_rows_xml([HEADER, *MONTH_ROWS])
ODS_EMPTY_TO_THE_EDGE = (
    '<table:table-row table:number-rows-repeated="1048494">'
    '<table:table-cell table:number-columns-repeated="16384" table:style-name="ce1"/></table:table-row>'
)
ODS_REPEATED_VALUES = (
    '<table:table-row table:number-rows-repeated="5000"><table:table-cell table:number-columns-repeated='
    '"4000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
)


def test_ods_with_empty_styled_cells_to_the_edge_of_the_grid_is_read(acme):
    code, data = acme.upload("b.ods", ods_bytes(ODS_ROWS + ODS_EMPTY_TO_THE_EDGE))
    assert (code, data["budgetsUnchanged"], data["rejected"]) == (0, 80, 0), data


def test_ods_whose_repeated_values_would_fill_twenty_million_cells_is_refused(acme):
    data = ods_bytes(ODS_ROWS + ODS_REPEATED_VALUES)
    assert len(data) < 4096
    acme.refused("repeated.ods", data, "sheet 'Budget'", "20,324,000 cells", "repeated cells")


def test_xls_reads_like_the_csv(acme):
    code, data = acme.upload("b.xls", xls_bytes([HEADER, *MONTH_ROWS]))
    assert (code, data["budgetsUnchanged"], data["rejected"]) == (0, 80, 0), data


def test_xls_with_a_value_at_the_last_cell_of_the_grid_is_refused(acme):
    data = xls_bytes([HEADER, *MONTH_ROWS], far=(65535, 255))
    acme.refused("far.xls", data, "sheet 'Budget'", "row 65,536 and column 256", "stray cells")


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * MEMORY_BOUND, 2 * MEMORY_BOUND))  # a net, not the measure


@pytest.mark.parametrize(
    "name,data",
    [
        ("far.xlsx", lambda: xlsx_bytes(sheet_xml(ROWS_XML + _stray("XFD1048576")))),
        (
            "bomb.xlsx",
            lambda: xlsx_bytes(None, big_sheet=big_sheet(ROWS_XML, b"<row/>" * 174763, 300)),
        ),
        (
            "dense.xlsx",
            lambda: xlsx_bytes(
                None, big_sheet=big_sheet(ROWS_XML, b"<row>" + b"<c><v>1</v></c>" * 2000 + b"</row>", 2600)
            ),
        ),
        ("repeated.ods", lambda: ods_bytes(ODS_ROWS + ODS_REPEATED_VALUES)),
        ("far.xls", lambda: xls_bytes([HEADER, *MONTH_ROWS], far=(65535, 255))),
    ],
)
def test_the_refusing_process_exits_with_one_line_within_the_memory_bound(acme, tmp_path, name, data):
    """The CLI in its own process, as a user runs it: exit code 1 and one error line, never a signal, and
    its peak resident memory (ru_maxrss of the child) under 1 GiB."""
    path = acme.write(name, data())
    env = {**os.environ, "BUDGET_SYNC_DATABASE_URL": acme.url}
    child = subprocess.Popen(
        [sys.executable, "-m", "budget_sync", "upload", "acme", str(path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_limited,
    )
    err = child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.returncode == 1, (child.returncode, err[-2000:])
    first, *rest = err.splitlines()
    assert name in first and first.startswith("budget-sync: customer 'acme': "), err
    assert rest == ["Budget checks keep using the data of the last good sync."], err
    assert usage.ru_maxrss * 1024 < MEMORY_BOUND, usage.ru_maxrss
    assert acme.last_sync()[:2] == ("failed", first.removeprefix("budget-sync: "))
    assert acme.budgeted("Dept 080") == "80080.00"
