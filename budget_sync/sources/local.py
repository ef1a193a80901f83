"""Local (or mounted) folder source: a watched drop folder and the demo's source.

Settings: ``path`` (the folder; relative paths resolve against the current directory), ``pattern`` (a glob
or comma-separated globs, default the usual spreadsheet and CSV types), ``stable_seconds`` (default 1: a
file modified more recently than that is looked at twice), ``archive_dir`` (optional; relative to the
folder and inside it; an absolute one outside the folder needs ``archive_outside: true``; `archive`
moves a file there after a successful import).

Files are read only from inside the folder: a symbolic link whose target (resolved) lies outside it is
refused with an error naming the link, never followed.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from budget_sync.errors import SourceError
from budget_sync.sources import drops
from budget_sync.sources.drop_settings import checked, number, require
from budget_sync.sources.raw_export import DropFile, RawExport

log = logging.getLogger(__name__)

SOURCE = "local"


def folder(customer_id: str, settings: dict) -> Path:
    return Path(require(customer_id, SOURCE, settings, "path")).expanduser().resolve()


def list_files(customer_id: str, settings: dict) -> list[DropFile]:
    """The matching, non-temp regular files directly in the folder, oldest first."""
    settings = checked(customer_id, SOURCE, settings)
    root = folder(customer_id, settings)
    try:
        entries = list(os.scandir(root))
    except FileNotFoundError:
        raise _error(customer_id, f"folder {root} does not exist.", "the 'path' setting.") from None
    except NotADirectoryError:
        raise _error(customer_id, f"{root} is not a folder.", "the 'path' setting names a folder.") from None
    except PermissionError:
        raise _error(
            customer_id, f"no permission to read folder {root}.", "the folder's permissions."
        ) from None
    files = []
    for entry in entries:
        try:
            if not entry.is_file():
                continue
            st = entry.stat()
        except FileNotFoundError:  # removed while listing
            continue
        modified = datetime.fromtimestamp(st.st_mtime, UTC)
        files.append(DropFile(entry.name, str(Path(entry.path)), st.st_size, modified))
    return drops.select(files, settings.get("pattern"))


def fetch(customer_id: str, settings: dict, file: DropFile | None = None) -> RawExport:
    """Read `file`, or the newest complete matching file of the folder."""
    settings = checked(customer_id, SOURCE, settings)
    if file is None:
        wait = number(customer_id, SOURCE, settings, "stable_seconds", 1)
        file, seen = drops.newest_stable(lambda: list_files(customer_id, settings), wait, local_clock=True)
        where = f"folder {folder(customer_id, settings)}"
        if file is None and not seen:
            raise drops.no_file_error(customer_id, SOURCE, where, settings.get("pattern"))
        if file is None:
            raise drops.still_writing_error(customer_id, SOURCE, where, wait)
    path = _inside_folder(customer_id, settings, Path(file.path))
    try:
        content = path.read_bytes()
        st = path.stat()
    except FileNotFoundError:
        raise _error(
            customer_id,
            f"file {path} disappeared before it was read.",
            "what else moves files out of the folder; the next sync will look again.",
            retryable=True,
        ) from None
    except OSError as exc:
        raise _error(customer_id, f"cannot read {path}: {exc.strerror}.", "the file's permissions.") from None
    modified = datetime.fromtimestamp(st.st_mtime, UTC)
    name, location = Path(file.path).name, Path(file.path).absolute().as_uri()
    log.info("local %s: read %s (%d bytes)", customer_id, name, len(content))
    return RawExport.from_bytes(customer_id, SOURCE, name, location, content, modified_at=modified)


def _inside_folder(customer_id: str, settings: dict, path: Path) -> Path:
    """The file's real path, when it (links resolved) is inside the drop folder; otherwise a SourceError."""
    root = folder(customer_id, settings)
    real = path.resolve()
    if real.parent != root and root not in real.parents:
        raise _error(
            customer_id,
            f"{path} is a link to {real}, outside the drop folder {root}; it was not read.",
            "put the export file itself into the folder (links may only point inside it).",
        )
    return real


def archive(customer_id: str, settings: dict, file: DropFile) -> str | None:
    """Move an imported file into ``archive_dir`` (never overwriting); returns the new path, or None."""
    if not settings.get("archive_dir"):
        return None
    root = folder(customer_id, settings)
    archive_dir = str(Path(settings["archive_dir"]).expanduser())
    target_dir = Path(drops.archive_folder(customer_id, SOURCE, root.as_posix(), archive_dir, settings))
    if not settings.get("archive_outside") and root not in target_dir.resolve().parents:
        raise _error(
            customer_id,
            f"archive_dir {target_dir} is a link out of the drop folder {root}; nothing was moved.",
            "a real folder inside the drop folder, or 'archive_outside: true'.",
        )
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / file.name
        if target.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            target = target_dir / f"{target.stem}.{stamp}{target.suffix}"
        shutil.move(file.path, target)
    except OSError as exc:
        raise _error(
            customer_id,
            f"cannot move {file.path} to {target_dir}: {exc.strerror}.",
            "that the 'archive_dir' folder is writable.",
        ) from None
    return str(target)


def _error(customer_id: str, message: str, hint: str, *, retryable: bool = False) -> SourceError:
    return SourceError(customer_id, SOURCE, message, hint, retryable=retryable)
