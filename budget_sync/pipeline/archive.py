"""Drop folders with an `archive_dir` (local and SFTP sources): imported files are moved out of the way.

With an archive folder, an empty drop folder means every export has been imported, so a scheduled sync
then has nothing new to do (a skip), instead of failing with "no file".
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from budget_sync.config import CustomerConfig
from budget_sync.sources import connector
from budget_sync.sources.raw_export import DropFile, RawExport

ARCHIVING_TYPES = ("local", "sftp")


def archives(customer: CustomerConfig) -> bool:
    return customer.source_type in ARCHIVING_TYPES and bool(customer.source.get("archive_dir"))


def nothing_new(customer: CustomerConfig) -> bool:
    """True when the customer archives imported files and its drop folder holds no matching file."""
    if not archives(customer):
        return False
    return not connector(customer.source_type).list_files(customer.id, customer.source)


def archive_fetched(customer: CustomerConfig, raw: RawExport) -> str | None:
    """Move the file `raw` was read from into the archive folder; returns where it went (None: not archived).

    Uploads (`raw.source_type == "upload"`) never came from the folder and are left alone.
    """
    if not archives(customer) or raw.source_type != customer.source_type:
        return None
    file = DropFile(raw.file_name, _path_of(raw), raw.size, raw.modified_at or datetime.now(UTC))
    return connector(customer.source_type).archive(customer.id, customer.source, file)


def _path_of(raw: RawExport) -> str:
    if raw.source_type == "local":  # Path.as_uri(): percent-encoded
        return url2pathname(unquote(urlsplit(raw.location).path))
    return "/" + raw.location.split("/", 3)[3]  # sftp://host:port/abs/path, as the connector wrote it
