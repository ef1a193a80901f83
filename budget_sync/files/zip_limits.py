"""Size limits of a zipped workbook (XLSX, XLSM, ODS), checked on the zip directory before anything unpacks.

A few kilobytes can declare gigabytes (a zip bomb); calamine would try to hold them and abort the process.
The declared sizes are what Python's zipfile reads at most (it stops there and checks the CRC), so a
member that lies about its size fails as damaged when it is scanned.
"""

from __future__ import annotations

import zipfile

from budget_sync.errors import FileReadError

MiB = 1 << 20
MAX_MEMBER_BYTES = 256 * MiB
MAX_TOTAL_BYTES = 1024 * MiB
MAX_RATIO = 200
RATIO_FROM_BYTES = 32 * MiB  # small parts may pack very well (empty styles); large ones never this well
MAX_CELLS = 5_000_000  # a sheet's used area from A1: about 200 MB as calamine's grid plus Python's rows


def check_zip_sizes(archive: zipfile.ZipFile, file_name: str) -> None:
    """FileReadError naming the file and part when a part would unpack past the limits."""
    total = 0
    for info in archive.infolist():
        size = info.file_size
        total += size
        if size > MAX_MEMBER_BYTES:
            raise FileReadError(
                f"{file_name}: part {info.filename} would unpack to {_size(size)}, more than the "
                f"{_size(MAX_MEMBER_BYTES)} a workbook part may hold (a damaged file or a zip bomb); "
                "nothing was imported"
            )
        if size > RATIO_FROM_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            raise FileReadError(
                f"{file_name}: part {info.filename} packs {_size(size)} into {_size(info.compress_size)}, "
                "far more than a spreadsheet packs (a zip bomb?); nothing was imported"
            )
    if total > MAX_TOTAL_BYTES:
        raise FileReadError(
            f"{file_name}: the workbook would unpack to {_size(total)}, more than "
            f"{_size(MAX_TOTAL_BYTES)} (a damaged file or a zip bomb); nothing was imported"
        )


def _size(count: int) -> str:
    if count >= 1 << 30:
        return f"{count / (1 << 30):.1f} GiB"
    if count >= MiB:
        return f"{count / MiB:.1f} MiB"
    return f"{count:,} bytes"
