"""SFTP drop folder (paramiko): list a folder, take the newest complete file, download it with a size
check, and move it to an archive folder once the caller has imported it.

Settings: ``host``, ``port`` (22), ``username``, ``path`` (folder, default the login folder), ``pattern``,
``password_env`` or ``key_env`` (env var holding the private key text or its path) with optional
``key_passphrase_env``, ``host_key`` (pinned public key line) or ``known_hosts`` (path),
``stable_seconds`` (2), ``archive_dir`` (optional; inside the folder, or absolute with ``archive_outside:
true``), ``connect_timeout`` (15),
``timeout`` (60, per read). Connecting: sftp_session, sftp_trust (host keys), sftp_keys (secrets);
docs/sources/sftp.md.
"""

from __future__ import annotations

import errno
import posixpath
import stat
from datetime import UTC, datetime

from budget_sync.errors import SourceError
from budget_sync.sources import drops
from budget_sync.sources.drop_settings import checked, number
from budget_sync.sources.raw_export import DropFile, RawExport
from budget_sync.sources.sftp_session import SOURCE, address, open_sftp


def list_files(customer_id: str, settings: dict) -> list[DropFile]:
    """The matching, non-temp regular files directly in the folder, oldest first."""
    settings = checked(customer_id, SOURCE, settings)
    with open_sftp(customer_id, settings) as sftp:
        return _list(customer_id, settings, sftp)


def fetch(customer_id: str, settings: dict, file: DropFile | None = None) -> RawExport:
    """Download `file`, or the newest matching file whose size and mtime stay put for `stable_seconds`."""
    settings = checked(customer_id, SOURCE, settings)
    with open_sftp(customer_id, settings) as sftp:
        if file is None:
            wait = number(customer_id, SOURCE, settings, "stable_seconds", 2)
            file, seen = drops.newest_stable(lambda: _list(customer_id, settings, sftp), wait)
            if file is None and not seen:
                raise drops.no_file_error(
                    customer_id, SOURCE, _where(settings, sftp), settings.get("pattern")
                )
            if file is None:
                raise drops.still_writing_error(customer_id, SOURCE, _where(settings, sftp), wait)
        return _download(customer_id, settings, sftp, file)


def archive(customer_id: str, settings: dict, file: DropFile) -> str | None:
    """Move an imported file into ``archive_dir`` (created if missing, never overwriting); returns its path."""
    settings = checked(customer_id, SOURCE, settings)
    if not settings.get("archive_dir"):
        return None
    with open_sftp(customer_id, settings) as sftp:
        root = _folder(customer_id, settings, sftp)
        target_dir = drops.archive_folder(customer_id, SOURCE, root, settings["archive_dir"], settings)
        try:
            _makedirs(sftp, target_dir)
            target = posixpath.join(target_dir, file.name)
            if _exists(sftp, target):
                stem, ext = posixpath.splitext(file.name)
                target = posixpath.join(target_dir, f"{stem}.{datetime.now(UTC):%Y%m%dT%H%M%S%f}{ext}")
            sftp.posix_rename(file.path, target)
        except OSError as exc:
            raise _io_error(
                customer_id,
                settings,
                exc,
                f"moving {file.path} to {target_dir}",
                "that the user may write to the 'archive_dir' folder.",
            ) from None
        return target


def _list(customer_id: str, settings: dict, sftp) -> list[DropFile]:
    folder = _folder(customer_id, settings, sftp)
    try:
        entries = sftp.listdir_attr(folder)
    except OSError as exc:
        raise _io_error(
            customer_id, settings, exc, f"listing folder {folder}", "the 'path' setting."
        ) from None
    files = [
        DropFile(
            e.filename, posixpath.join(folder, e.filename), e.st_size, datetime.fromtimestamp(e.st_mtime, UTC)
        )
        for e in entries
        if e.st_mode is not None and stat.S_ISREG(e.st_mode)
    ]
    return drops.select(files, settings.get("pattern"))


def _download(customer_id: str, settings: dict, sftp, file: DropFile) -> RawExport:
    try:
        attrs = sftp.stat(file.path)
        with sftp.open(file.path, "rb") as handle:
            handle.prefetch(attrs.st_size)
            content = handle.read()
    except FileNotFoundError:
        raise SourceError(
            customer_id,
            SOURCE,
            f"{file.path} disappeared before it was downloaded.",
            "what else moves files out of the folder; the next sync will look again.",
        ) from None
    except OSError as exc:
        raise _io_error(
            customer_id, settings, exc, f"downloading {file.path}", "the file's permissions."
        ) from None
    if len(content) != attrs.st_size:
        raise SourceError(
            customer_id,
            SOURCE,
            f"downloaded {len(content)} bytes of {file.path} but the server "
            f"reported {attrs.st_size}; the file changed during the download.",
            "that the export had finished writing; the next sync will try again.",
            retryable=True,
        )
    host, port = address(settings)
    return RawExport.from_bytes(
        customer_id,
        SOURCE,
        file.name,
        f"sftp://{host}:{port}{file.path}",
        content,
        modified_at=datetime.fromtimestamp(attrs.st_mtime, UTC),
    )


def _folder(customer_id: str, settings: dict, sftp) -> str:
    """The absolute remote folder (a relative 'path' is relative to the login folder)."""
    path = str(settings.get("path") or ".")
    try:
        return sftp.normalize(path)
    except OSError as exc:
        raise _io_error(customer_id, settings, exc, f"opening folder {path}", "the 'path' setting.") from None


def _where(settings: dict, sftp) -> str:
    host, port = address(settings)
    return f"folder {sftp.normalize(str(settings.get('path') or '.'))} on {host}:{port}"


def _exists(sftp, path: str) -> bool:
    try:
        sftp.stat(path)
        return True
    except FileNotFoundError:
        return False


def _makedirs(sftp, path: str) -> None:
    if path in ("", "/") or _exists(sftp, path):
        return
    _makedirs(sftp, posixpath.dirname(path))
    sftp.mkdir(path)


def _io_error(customer_id: str, settings: dict, exc: OSError, doing: str, hint: str) -> SourceError:
    host, port = address(settings)
    missing = exc.errno == errno.ENOENT or isinstance(exc, FileNotFoundError)
    denied = exc.errno == errno.EACCES or isinstance(exc, PermissionError)
    reason = (
        "it does not exist"
        if missing
        else "permission denied"
        if denied
        else (exc.strerror or type(exc).__name__)
    )
    return SourceError(
        customer_id,
        SOURCE,
        f"{doing} on {host}:{port} failed: {reason}.",
        hint,
        retryable=not (missing or denied),
    )
