"""Regex tokens of an XML part read in chunks from a zip, so a part of any size is scanned in bounded memory."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from budget_sync.errors import FileReadError

CHUNK = 1 << 20
MAX_PENDING = 8 << 20  # one token's XML (a cell); Excel's longest cell text is 32,767 characters


def xml_tokens(
    stream: Any, token: re.Pattern[bytes], start: re.Pattern[bytes], unfinished: str
) -> Iterator[re.Match[bytes]]:
    """Every match of `token`, in order. A token cut by a chunk boundary is kept from its `start` and
    completed by the next chunk; a token still unfinished after MAX_PENDING bytes is FileReadError
    `unfinished` (damaged XML), so a missing end tag cannot make the buffer grow without bound."""
    pending = b""
    while True:
        chunk = stream.read(CHUNK)
        buffer = pending + chunk
        end = 0
        for match in token.finditer(buffer):
            yield match
            end = match.end()
        if not chunk:
            return
        starts = [m.start() for m in start.finditer(buffer, end)]
        pending = buffer[starts[-1] if starts else max(end, len(buffer) - 64) :]
        if len(pending) > MAX_PENDING:
            raise FileReadError(unfinished)
