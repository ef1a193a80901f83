"""XLSX, XLSM, XLS and ODS through python-calamine: cached formula values, real date cells."""

from __future__ import annotations

import io
import zipfile

import python_calamine

from budget_sync.errors import FileReadError
from budget_sync.files.detect import password_protected
from budget_sync.files.dimension import without_dimension
from budget_sync.files.ods_errors import ods_error_cells
from budget_sync.files.ods_scan import scan_ods
from budget_sync.files.table import Sheet
from budget_sync.files.xls_errors import scan_xls, xls_encrypted
from budget_sync.files.xlsx_scan import scan_xlsx
from budget_sync.files.zip_limits import check_zip_sizes

# calamine reads error cells (#REF!, #N/A) as blanks; these find them in the file itself (XLSX and XLS:
# the scans before calamine).
_ERROR_CELLS = {"ods": ods_error_cells}


def read_workbook(data: bytes, file_name: str, fmt: str) -> list[Sheet]:
    scanned_errors = check_limits(data, file_name, fmt)
    try:
        sheets = _calamine_sheets(data)
    except (FileReadError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine errors, and pyo3 panics on malformed files (BaseException)
        if isinstance(exc, python_calamine.PasswordError) or (fmt == "xls" and xls_encrypted(data)):
            raise FileReadError(password_protected(file_name)) from None
        rebuilt = _read_by_content(data, fmt)
        if rebuilt is None:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise FileReadError(
                f"{file_name}: cannot be read as a {fmt.upper()} workbook ({reason})"
            ) from None
        sheets = rebuilt
    if not sheets:
        raise FileReadError(f"{file_name}: the workbook has no worksheets")
    errors = scanned_errors if fmt in ("xlsx", "xls") else error_cells(fmt, data)
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


def check_limits(data: bytes, file_name: str, fmt: str) -> dict[str, dict[tuple[int, int], str]]:
    """Refuse, before calamine sees it, a workbook that would unpack or grow past the memory bound
    (`zip_limits`, `xlsx_scan`, `ods_scan`, `xls_errors`); returns the XLSX/XLS error cells found."""
    if fmt == "xls":
        return scan_xls(data, file_name)
    if fmt not in ("xlsx", "ods"):
        return {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_sizes(archive, file_name)
            if fmt == "ods":
                scan_ods(archive, file_name)
                return {}
            scans = scan_xlsx(archive, file_name)
    except FileReadError:
        raise
    except Exception as exc:  # zipfile, zlib and CRC errors of a damaged container
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FileReadError(
            f"{file_name}: damaged zip container, not a readable workbook ({reason})"
        ) from None
    return {name: scan.errors for name, scan in scans.items() if scan.errors}
