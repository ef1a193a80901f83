"""Error cells (#REF!, #N/A) of an XLS workbook. calamine reads them as blanks, so xlrd finds them."""

from __future__ import annotations


def xls_error_cells(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """{sheet name: {(row index, column index): '#REF!'}}; may raise on a damaged file."""
    import xlrd

    book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=_Silent())
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            cells = {}
            for r in range(sheet.nrows):
                for c, ctype in enumerate(sheet.row_types(r)):
                    if ctype == xlrd.XL_CELL_ERROR:
                        code = sheet.cell_value(r, c)
                        cells[(r, c)] = xlrd.error_text_from_code.get(code, "#ERROR")
            if cells:
                found[sheet.name] = cells
            book.unload_sheet(index)
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
