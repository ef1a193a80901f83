"""Records of delimited text with the line each starts on, and the two ways a record can be damaged.

- A broken quote: a quoted field that holds a line break and at least a row's worth of delimiters (the
  header row's width minus one, at least 2) is a quote that was never closed and swallowed the rows after
  it. Real multi-line cells (notes, addresses) hold a few delimiters at most.
- A truncated file: the last record ends inside an open quote, or has no line end and fewer fields than
  the header row. A file cut at an arbitrary byte ends mid-row, without a line end; a complete last row
  without a final newline stays legal, and so do short rows elsewhere (Google Sheets omits trailing empty
  cells). The header row's width is the widest of the first 50 non-blank records.
"""

from __future__ import annotations

import csv
import io
import itertools

from budget_sync.errors import FileReadError
from budget_sync.files.csv_lines import row_sharer, text_lines

HEADER_SEARCH = 50


def read_records(text: str, delimiter: str, file_name: str) -> list[list[str]]:
    """Every record of `text`; FileReadError naming the file and line for a broken quote or a cut file.
    csv.Error is left to the caller."""
    reader = csv.reader(text_lines(text), delimiter=delimiter)
    shared = row_sharer()  # one str per distinct cell value
    rows: list[list[str]] = []
    spanning: list[tuple[list[str], int]] = []  # records over several lines, with their first line
    line = start = 0
    for row in reader:
        row = shared(row)
        rows.append(row)
        start, line = line + 1, reader.line_num
        if line > start:
            spanning.append((row, start))
    width = header_width(rows)
    for row, first in spanning:
        _refuse_broken_quote(row, first, width, delimiter, file_name)
    if rows:
        _refuse_truncated(text, rows[-1], start, line - start + 1, width, delimiter, file_name)
    return rows


def header_width(rows: list[list[str]]) -> int:
    """The widest of the first non-blank records: the header row (title rows above it are narrower)."""
    filled = (row for row in rows if any(cell.strip() for cell in row))
    return max((len(row) for row in itertools.islice(filled, HEADER_SEARCH)), default=0)


def _refuse_broken_quote(row: list[str], start: int, width: int, delimiter: str, file_name: str) -> None:
    line = start
    for cell in row:
        breaks = cell.count("\n") + cell.count("\r") - cell.count("\r\n")
        if breaks and cell.count(delimiter) >= max(2, width - 1):
            raise FileReadError(
                f"{file_name}: line {line}: a quote opens a field that runs over {breaks + 1} lines and "
                f"{cell.count(delimiter)} delimiters, swallowing the rows after it (a missing closing "
                "quote?); nothing was imported, fix the quote and upload again"
            )
        line += breaks


def _refuse_truncated(
    text: str, last: list[str], start: int, lines: int, width: int, delimiter: str, file_name: str
) -> None:
    tail = _last_lines(text, lines)
    try:
        list(csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise FileReadError(
                f"{file_name}: the file ends inside a quoted field that opens on line {start}: it was cut "
                "off (an incomplete transfer) or a closing quote is missing; nothing was imported, "
                "upload the complete file"
            ) from None
    blank = not any(cell.strip() for cell in last)  # trailing spaces or a lone delimiter lose nothing
    if not text.endswith(("\n", "\r")) and len(last) < width and not blank:
        raise FileReadError(
            f"{file_name}: the last row (line {start}) has {len(last)} of the header's {width} fields and "
            "no line end, so the file looks cut off (an incomplete transfer); nothing was imported, "
            "upload the complete file"
        )


def _last_lines(text: str, count: int) -> str:
    """The last `count` physical lines (line ends as csv counts them: LF, CRLF, CR), without copying the
    whole text again (a StringIO of a large file costs up to 4 bytes a character)."""
    end = len(text) - (2 if text.endswith("\r\n") else 1 if text.endswith(("\n", "\r")) else 0)
    carriage_returns = "\r" in text
    at = -1
    for _ in range(count):
        at = text.rfind("\n", 0, end)
        if carriage_returns:
            at = max(at, text.rfind("\r", 0, end))
        if at < 0:
            return text
        end = at - 1 if text[at] == "\n" and at and text[at - 1] == "\r" else at
    return text[at + 1 :]
