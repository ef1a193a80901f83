"""XLSX, XLSM, XLS and ODS through python-calamine: cached formula values, real date cells."""

from __future__ import annotations

import io

import python_calamine

from budget_sync.errors import FileReadError
from budget_sync.files.dimension import without_dimension
from budget_sync.files.ods_errors import ods_error_cells
from budget_sync.files.table import Sheet
from budget_sync.files.xls_errors import xls_error_cells
from budget_sync.files.xlsx_errors import xlsx_error_cells

# calamine reads error cells (#REF!, #N/A) as blanks; these find them in the file itself.
_ERROR_CELLS = {"xlsx": xlsx_error_cells, "xls": xls_error_cells, "ods": ods_error_cells}


def read_workbook(data: bytes, file_name: str, fmt: str) -> list[Sheet]:
    try:
        sheets = _calamine_sheets(data)
    except (FileReadError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine errors, and pyo3 panics on malformed files (BaseException)
        rebuilt = _read_by_content(data, fmt)
        if rebuilt is None:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise FileReadError(
                f"{file_name}: cannot be read as a {fmt.upper()} workbook ({reason})"
            ) from None
        sheets = rebuilt
    if not sheets:
        raise FileReadError(f"{file_name}: the workbook has no worksheets")
    errors = error_cells(fmt, data)
    for sheet in sheets:
        sheet.errors = errors.get(sheet.name, {})
    return sheets


def _calamine_sheets(data: bytes) -> list[Sheet]:
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = []
    for meta in workbook.sheets_metadata:
        if str(meta.typ).endswith("ChartSheet"):
            continue
        rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        hidden = not str(meta.visible).endswith(".Visible")
        sheets.append(Sheet(name=meta.name, rows=rows, hidden=hidden))
    return sheets


def _read_by_content(data: bytes, fmt: str) -> list[Sheet] | None:
    """A malformed declared used range: read the XLSX again without it (files/dimension.py)."""
    repaired = without_dimension(data) if fmt in ("xlsx", "xlsm") else None
    if repaired is None:
        return None
    try:
        return _calamine_sheets(repaired)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return None


def error_cells(fmt: str, data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """{sheet name: {(row index, column index): '#REF!'}}, best effort: calamine already read the
    workbook, so a part we cannot scan only loses its error cells (they stay blank), never the file."""
    find = _ERROR_CELLS.get(fmt)
    try:
        return find(data) if find else {}
    except Exception:
        return {}
