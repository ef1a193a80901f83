"""Pure logic shared by the file-drop sources (local folder, SFTP, S3): which names count, which file is
the newest complete one, and when a file has stopped changing.

A drop folder is written to by another program (Prophix's Export Data, a script, a person copying a file),
so a file can be seen half-written. Two defences: names that writers use while writing (``*.part``,
``*.tmp``, dot files, Office ``~$`` lock files) are never taken, and a file is only taken once its size and
modification time are unchanged across two looks some seconds apart (`stable_files`).
"""

from __future__ import annotations

import fnmatch
import posixpath
import time
from collections.abc import Callable, Iterable

from budget_sync.errors import SourceError
from budget_sync.sources.raw_export import DropFile

DEFAULT_PATTERN = "*.csv,*.tsv,*.txt,*.xlsx,*.xlsm,*.xls,*.ods"
TEMP_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".filepart", ".crdownload", ".swp", ".lock")

Snapshot = dict[str, tuple[int, float]]


def parse_patterns(pattern: str | list[str] | None) -> list[str]:
    """A glob or comma-separated globs (or a list of them); None or blank means the usual spreadsheet types."""
    if pattern is None or (isinstance(pattern, str) and not pattern.strip()):
        pattern = DEFAULT_PATTERN
    parts = pattern.split(",") if isinstance(pattern, str) else list(pattern)
    return [p.strip() for p in parts if p and p.strip()]


def is_temp_name(name: str) -> bool:
    """True for names writers use while a file is incomplete, and for hidden or lock files."""
    lower = name.lower()
    return lower.startswith((".", "~$", "~")) or lower.endswith(TEMP_SUFFIXES) or lower.endswith("~")


def matches(name: str, pattern: str | list[str] | None) -> bool:
    """Does a base name match the pattern (case-insensitively) and is it not a temp name?"""
    if is_temp_name(name):
        return False
    lower = name.lower()
    return any(fnmatch.fnmatchcase(lower, glob.lower()) for glob in parse_patterns(pattern))


def select(files: Iterable[DropFile], pattern: str | list[str] | None) -> list[DropFile]:
    """The matching, non-temp files, oldest first (ties by name), so the last one is the newest."""
    return sorted((f for f in files if matches(f.name, pattern)), key=sort_key)


def sort_key(file: DropFile) -> tuple:
    """Newest by modification time, then by name: timestamped names order right within one second."""
    return (file.modified_at.timestamp(), file.name)


def newest(files: Iterable[DropFile]) -> DropFile | None:
    files = list(files)
    return max(files, key=sort_key) if files else None


def snapshot(files: Iterable[DropFile]) -> Snapshot:
    """What a sensor keeps between polls: {path: (size, mtime as epoch seconds)}."""
    return {f.path: (f.size, f.modified_at.timestamp()) for f in files}


def stable_files(previous: Snapshot | None, current: Iterable[DropFile]) -> list[DropFile]:
    """The files of `current` whose size and mtime equal what the previous poll saw (oldest first).

    A Dagster sensor stores ``snapshot(current)`` as its cursor and calls this on the next tick; a file
    first seen on this poll is never stable yet.
    """
    previous = {
        path: (seen[0], seen[1]) for path, seen in (previous or {}).items()
    }  # JSON: lists, not tuples
    current = list(current)
    now = snapshot(current)
    return sorted((f for f in current if previous.get(f.path) == now[f.path]), key=sort_key)


def newest_stable(
    list_fn: Callable[[], list[DropFile]],
    stable_seconds: float,
    *,
    local_clock: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[DropFile | None, list[DropFile]]:
    """Look, wait `stable_seconds`, look again; return (newest file unchanged between the looks, first look).

    With `local_clock` (the files' mtimes come from our own clock) the wait is skipped when every file
    was last modified longer than `stable_seconds` ago. Returns (None, []) when nothing matches and
    (None, files) when every matching file is still changing.
    """
    first = list_fn()
    if not first:
        return None, []
    if stable_seconds <= 0:
        return newest(first), first
    if local_clock and all(f.modified_at.timestamp() <= time.time() - stable_seconds for f in first):
        return newest(first), first
    sleep(stable_seconds)
    second = list_fn()
    return newest(stable_files(snapshot(first), second)), first


def no_file_error(customer_id: str, source_type: str, where: str, pattern) -> SourceError:
    globs = ", ".join(parse_patterns(pattern))
    return SourceError(
        customer_id,
        source_type,
        f"no file matching '{globs}' in {where}.",
        "that the export was written to this folder and the 'pattern' setting matches its name "
        "(names ending .part/.tmp, dot files and ~$ lock files are ignored).",
        retryable=False,
    )


def still_writing_error(customer_id: str, source_type: str, where: str, seconds: float) -> SourceError:
    return SourceError(
        customer_id,
        source_type,
        f"every matching file in {where} was still changing over {seconds:g} s.",
        "that the export has finished writing; the next sync will try again "
        "(setting 'stable_seconds' sets how long a file must stay unchanged).",
        retryable=True,
    )


def archive_folder(customer_id: str, source_type: str, root: str, archive_dir: str, settings: dict) -> str:
    """Where `archive_dir` puts imported files: a folder inside the drop folder `root` (a relative setting
    may not climb out with '..'). An absolute `archive_dir` outside the drop folder is used only with
    ``archive_outside: true``. Paths are POSIX-style (the local connector resolves links itself)."""
    allowed = settings.get("archive_outside") is True
    if posixpath.isabs(archive_dir):
        target = posixpath.normpath(archive_dir)
        if allowed or _inside(target, root):
            return target
        raise SourceError(
            customer_id,
            source_type,
            f"archive_dir {archive_dir} is outside the drop folder {root}; nothing was moved.",
            "a folder inside the drop folder, or set 'archive_outside: true' to allow this absolute one.",
        )
    target = posixpath.normpath(posixpath.join(root, archive_dir))
    if not _inside(target, root):
        raise SourceError(
            customer_id,
            source_type,
            f"archive_dir '{archive_dir}' leads out of the drop folder {root}; nothing was moved.",
            "a folder inside the drop folder (no '..'), or an absolute path with 'archive_outside: true'.",
        )
    return target


def _inside(path: str, root: str) -> bool:
    """True when `path` is strictly below `root` (both normalized POSIX paths)."""
    root = posixpath.normpath(root)
    return path != root and posixpath.commonpath([path, root]) == root
