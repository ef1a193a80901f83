"""XLS before calamine, through xlrd: the used area of each sheet, encryption, and the error cells
(#REF!, #N/A), which calamine reads as blanks."""

from __future__ import annotations

from budget_sync.errors import FileReadError
from budget_sync.files.detect import password_protected
from budget_sync.files.zip_limits import MAX_CELLS


def scan_xls(data: bytes, file_name: str) -> dict[str, dict[tuple[int, int], str]]:
    """Before calamine: FileReadError when a sheet's used area from A1 passes MAX_CELLS (calamine would
    hold 65,536 x 256 cells for one value at IV65536, over a gigabyte with Python's rows) or the workbook
    is encrypted. Returns the error cells, {sheet name: {(row index, column index): '#REF!'}}.

    xlrd reads rows ragged (only up to each row's last cell) and, like calamine, skips blank formatted
    cells. A workbook xlrd cannot parse is left to calamine, which reads it or says why."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True, logfile=_Silent())
    except Exception as exc:
        if "encrypted" in str(exc).lower():
            raise FileReadError(password_protected(file_name)) from None
        return {}
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.nrows * sheet.ncols > MAX_CELLS:
                raise FileReadError(
                    f"{file_name}: sheet '{sheet.name}' has values out to row {sheet.nrows:,} and column "
                    f"{sheet.ncols:,} ({sheet.nrows * sheet.ncols:,} cells), more than the {MAX_CELLS:,} "
                    "cells a budget file may hold; delete the stray cells outside the table and upload again"
                )
            cells = {}
            for r in range(sheet.nrows):
                for c, ctype in enumerate(sheet.row_types(r)):
                    if ctype == xlrd.XL_CELL_ERROR:
                        code = sheet.cell_value(r, c)
                        cells[(r, c)] = xlrd.error_text_from_code.get(code, "#ERROR")
            if cells:
                found[sheet.name] = cells
            book.unload_sheet(index)
    except FileReadError:
        raise
    except Exception:  # error cells are best effort; calamine reads the workbook itself
        return found
    finally:
        book.release_resources()
    return found


def xls_encrypted(data: bytes) -> bool:
    """Whether the workbook stream is encrypted (a FILEPASS record): calamine only says it cannot detect
    the format of such a file when it is given bytes."""
    import xlrd

    try:
        xlrd.open_workbook(file_contents=data, on_demand=True, logfile=_Silent()).release_resources()
    except Exception as exc:
        return "encrypted" in str(exc).lower()
    return False


class _Silent:
    """xlrd writes warnings about odd records to a log file; calamine already reported what matters."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
