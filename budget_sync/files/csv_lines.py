"""Feeding a large decoded CSV to the csv module without copying it whole, and sharing repeated cells.

`io.StringIO(text)` over a whole export holds a second copy of the text (up to four bytes a character);
`text_lines` hands csv.reader the same lines from slices of about 64 KiB, each cut after a line feed, so
universal newlines (\\n, \\r, \\r\\n) split exactly as they would on the whole text. A budget export repeats
its departments, categories, periods and currencies on every line; `shared_cells` keeps one str object per
distinct value, which roughly halves the memory of the rows of a long layout.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator

CHUNK = 1 << 16


def text_lines(text: str, chunk: int = CHUNK) -> Iterator[str]:
    start, end_of_text = 0, len(text)
    while start < end_of_text:
        end = text.find("\n", start + chunk)
        end = end_of_text if end < 0 else end + 1
        yield from io.StringIO(text[start:end], newline="")
        start = end


def row_sharer() -> Callable[[list[str]], list[str]]:
    """A function giving each row back with its cells replaced by the first str of equal value seen."""
    seen: dict[str, str] = {}
    share = seen.setdefault

    def shared(row: list[str]) -> list[str]:
        return list(map(share, row, row))

    return shared


def shared_cells(rows: Iterable[list[str]]) -> list[list[str]]:
    return list(map(row_sharer(), rows))
