"""The one shape every source connector returns."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RawExport:
    """A customer's export as fetched: file bytes (CSV, XLSX, ...) or a 2-D list of cells (Google Sheets).

    `location` is a human-readable, secret-free address such as ``sftp://host:22/drops/acme/b.xlsx``.
    `sha256` identifies the content, so an unchanged source can be skipped cheaply; for S3 it may be
    the ETag when the body was not downloaded.
    """

    customer_id: str
    source_type: str
    file_name: str
    location: str
    sha256: str
    size: int
    modified_at: datetime | None = None
    content: bytes | None = None
    cells: list[list] | None = None
    sheet: str | None = None

    @classmethod
    def from_bytes(cls, customer_id, source_type, file_name, location, content: bytes, **kw) -> RawExport:
        digest = hashlib.sha256(content).hexdigest()
        return cls(customer_id, source_type, file_name, location, digest, len(content), content=content, **kw)

    @classmethod
    def from_cells(cls, customer_id, source_type, file_name, location, cells: list[list], **kw) -> RawExport:
        blob = json.dumps(cells, default=str, separators=(",", ":")).encode()
        digest = hashlib.sha256(blob).hexdigest()
        return cls(customer_id, source_type, file_name, location, digest, len(blob), cells=cells, **kw)


@dataclass(frozen=True)
class DropFile:
    """A file seen in a drop location (SFTP folder, S3 prefix, local folder), before it is downloaded."""

    name: str
    path: str
    size: int
    modified_at: datetime
    etag: str | None = None
