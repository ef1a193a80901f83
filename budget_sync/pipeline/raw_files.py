"""Raw exports on disk: kept after each fetch for replay and audit, and built from an uploaded file."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from budget_sync.errors import ConfigError, FileReadError
from budget_sync.settings import Settings, load_settings
from budget_sync.sources.raw_export import RawExport

UPLOAD = "upload"


def keep_raw(raw: RawExport, settings: Settings | None = None) -> Path | str:
    """Write the export as fetched to ``<raw_dir>/<customer>/<utc-timestamp>-<sha256[:12]>-<file_name>``,
    or with BUDGET_SYNC_RAW_URL to ``s3://bucket/prefix/<customer>/...`` (`raw_s3.py`; returns the URI).

    Whatever the customer id and file name hold (``../``, separators), the copy lands under the raw
    directory, in a folder of that customer only (`raw_folder`).

    File bytes are kept as they are; cells (Google Sheets) as JSON. The name sorts by time and carries the
    checksum, so a sync can be replayed from exactly what was fetched.
    """
    settings = settings or load_settings()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = _safe_name(raw.file_name)
    if raw.content is None and not name.endswith(".json"):
        name += ".json"
    name = f"{stamp}-{raw.sha256[:12]}-{name}"
    if raw.content is not None:
        data = raw.content
    else:
        data = json.dumps({"sheet": raw.sheet, "cells": raw.cells}, default=str).encode()
    if settings.raw_url:
        from budget_sync.pipeline.raw_s3 import put_raw_copy

        return put_raw_copy(settings.raw_url, folder_name(raw.customer_id), name, data)
    folder = raw_folder(Path(settings.raw_dir), raw.customer_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


_PLAIN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")


def raw_folder(raw_dir: Path, customer_id: str) -> Path:
    """The customer's folder of raw copies, always directly under `raw_dir`. A plain id (letters, digits,
    '-', '_') is the folder name; any other id gets its safe name plus a hash of the id, so two ids never
    share a folder and none can climb out of the raw directory."""
    root = raw_dir.expanduser().resolve()
    folder = root / folder_name(customer_id)
    if folder.resolve().parent != root:  # e.g. a symlink planted under the raw directory
        raise ConfigError(
            f"raw copy folder {folder} is not inside the raw directory {root} (a link?); not written"
        )
    return folder


def folder_name(customer_id: str) -> str:
    """The customer's own folder name: a plain id as it is, any other its safe name plus a hash of the id."""
    if _PLAIN_ID.match(customer_id or ""):
        return customer_id
    digest = hashlib.sha256((customer_id or "").encode()).hexdigest()[:12]
    return f"{_safe_name(customer_id).replace('.', '_')[:60]}-{digest}"


def raw_from_file(customer_id: str, path: str | Path) -> RawExport:
    """A manually uploaded file as a RawExport (source type ``upload``), so it syncs like a fetched one."""
    path = Path(path).expanduser()
    try:
        content = path.read_bytes()
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except FileNotFoundError:
        raise FileReadError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise FileReadError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise FileReadError(f"{path}: cannot read the file ({exc.strerror})") from None
    location = path.resolve().as_uri()
    return RawExport.from_bytes(customer_id, UPLOAD, path.name, location, content, modified_at=modified)


def _safe_name(name: str) -> str:
    """The name as one plain file name: separators and unusual characters become '_' (no path tricks)."""
    return re.sub(r"[^A-Za-z0-9._ -]+", "_", name or "export").strip(" .") or "export"
