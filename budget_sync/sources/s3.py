"""S3 (and S3-compatible) drop prefix: list objects under a prefix, take the newest matching one, download it.

Settings: ``bucket``, ``prefix`` (objects directly under it; a trailing ``/`` makes it a folder), ``pattern``
(glob(s) on the object's base name), ``region``, ``endpoint_url`` (S3-compatible stores, tests),
``access_key_env`` / ``secret_key_env`` (optional; else the default AWS chain), ``page_size`` (1000).

S3 writes an object whole, so there is no stability wait. Newest is by LastModified, then by key (two
exports in the same second order by their timestamped names). The ETag goes into DropFile.etag; fetching
a listed file sends If-Match so the bytes are the version that was listed.
"""

from __future__ import annotations

from budget_sync.errors import SourceError
from budget_sync.sources import drops
from budget_sync.sources.drop_settings import checked, number, require
from budget_sync.sources.raw_export import DropFile, RawExport
from budget_sync.sources.s3_client import SOURCE, build_client, translate


def list_files(customer_id: str, settings: dict, client=None) -> list[DropFile]:
    """Matching, non-temp objects directly under the prefix, oldest first."""
    settings = checked(customer_id, SOURCE, settings)
    bucket = require(customer_id, SOURCE, settings, "bucket")
    prefix = str(settings.get("prefix") or "")
    page_size = int(number(customer_id, SOURCE, settings, "page_size", 1000)) or 1000
    client = client or build_client(customer_id, settings)
    files = []
    try:
        pages = client.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, Prefix=prefix, Delimiter="/", PaginationConfig={"PageSize": page_size}
        )
        for page in pages:
            for obj in page.get("Contents", []):
                key = obj["Key"]
                if key.endswith("/"):
                    continue
                etag = str(obj.get("ETag", "")).strip('"') or None
                files.append(DropFile(key.rsplit("/", 1)[-1], key, obj["Size"], obj["LastModified"], etag))
    except Exception as exc:
        raise translate(customer_id, settings, exc, f"listing bucket '{bucket}' prefix '{prefix}'") from None
    return drops.select(files, settings.get("pattern"))


def fetch(customer_id: str, settings: dict, file: DropFile | None = None, client=None) -> RawExport:
    """Download `file`, or the newest matching object under the prefix."""
    settings = checked(customer_id, SOURCE, settings)
    bucket = require(customer_id, SOURCE, settings, "bucket")
    client = client or build_client(customer_id, settings)
    if file is None:
        file = drops.newest(list_files(customer_id, settings, client=client))
        if file is None:
            raise _no_object_error(customer_id, settings, bucket)
    request = {"Bucket": bucket, "Key": file.path}
    if file.etag:
        request["IfMatch"] = f'"{file.etag}"'
    try:
        response = client.get_object(**request)
        content = response["Body"].read()
    except Exception as exc:
        raise translate(customer_id, settings, exc, f"downloading s3://{bucket}/{file.path}") from None
    expected = response.get("ContentLength")
    if expected is not None and expected != len(content):
        raise SourceError(
            customer_id,
            SOURCE,
            f"downloaded {len(content)} of {expected} bytes of s3://{bucket}/{file.path}.",
            "the network; the next sync will try again.",
        )
    return RawExport.from_bytes(
        customer_id,
        SOURCE,
        file.name,
        f"s3://{bucket}/{file.path}",
        content,
        modified_at=response.get("LastModified") or file.modified_at,
    )


def _no_object_error(customer_id: str, settings: dict, bucket: str) -> SourceError:
    """No matching object; a prefix without a trailing '/' is the usual cause, so say so."""
    prefix = str(settings.get("prefix") or "")
    error = drops.no_file_error(customer_id, SOURCE, f"s3://{bucket}/{prefix}", settings.get("pattern"))
    if not prefix or prefix.endswith("/"):
        return error
    folder_hint = (
        f" Setting 'prefix' ('{prefix}') has no trailing '/': objects inside the folder {prefix}/ are "
        f"only looked at with prefix: '{prefix}/'."
    )
    return SourceError(customer_id, SOURCE, error.message, error.hint + folder_hint, retryable=False)


def archive(customer_id: str, settings: dict, file: DropFile, client=None) -> str | None:
    """S3 drops are not moved (lifecycle rules are the S3 way); kept for the same interface."""
    return None
