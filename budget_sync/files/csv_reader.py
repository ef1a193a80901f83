"""Delimited text to rows: the delimiter is the one that splits the first lines most consistently."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from typing import Any

from budget_sync.errors import FileReadError
from budget_sync.files.csv_records import read_records
from budget_sync.files.table import Sheet
from budget_sync.files.text import decode_text

DELIMITERS = (",", ";", "\t", "|")
_SEP_HINT = re.compile(r"^sep=(.)\r?\n", re.I)


def read_csv(
    data: bytes, file_name: str, decoded: tuple[str, str] | None = None
) -> tuple[Sheet, dict[str, Any]]:
    """`decoded`: (text, encoding) from `decode_text` when the caller already decoded `data`."""
    text, encoding = decoded or decode_text(data, file_name)
    if not text or text.isspace():  # not text.strip(): no copy of a large export
        raise FileReadError(f"{file_name}: the file holds no data (only blank lines)")
    try:
        delimiter = sniff_delimiter(text)
        rows = read_records(text, delimiter, file_name)
    except csv.Error as exc:
        raise FileReadError(f"{file_name}: cannot be read as delimited text ({exc})") from None
    name = file_name.rsplit("/", 1)[-1]
    meta = {"encoding": encoding, "delimiter": delimiter}
    return Sheet(name=name, rows=rows, meta=meta), meta


def sniff_delimiter(text: str) -> str:
    """The delimiter giving the most lines with the same (more than one) number of fields, unless the
    file starts with Excel's 'sep=;' hint."""
    hint = _SEP_HINT.match(text)
    if hint:
        return hint[1]
    lines = [line for line in _head_lines(text, 60) if line.strip()]
    sample = "\n".join(lines)
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        if delimiter not in sample:
            continue
        widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter)]
        counts = Counter(w for w in widths if w > 1)
        if not counts:
            continue
        width, count = counts.most_common(1)[0]
        score = (count, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _head_lines(text: str, count: int) -> list[str]:
    """The first `count` lines, without splitting the whole of a large export."""
    size = 1 << 16
    while True:
        head = text[:size]
        lines = head.splitlines()
        if len(head) == len(text) or len(lines) > count:
            return lines[:count]
        size *= 4
