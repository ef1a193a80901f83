"""Raw copies in S3 (BUDGET_SYNC_RAW_URL=s3://bucket/prefix), for deployments on more than one machine.

The client is boto3's default one: credentials, region and endpoint come from the standard AWS settings
(AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or an instance role, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_S3),
the same ones dagster-aws's S3ComputeLogManager in deploy/dagster.yaml uses for the compute logs.
"""

from __future__ import annotations

import functools
import os
import threading
from urllib.parse import urlsplit

from budget_sync.errors import BudgetSyncError, ConfigError

_LOCK = threading.Lock()


def split_s3_url(url: str) -> tuple[str, str]:
    """(bucket, key prefix without slashes at either end) of `s3://bucket/prefix`."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ConfigError(f"BUDGET_SYNC_RAW_URL={url!r} must look like s3://bucket/prefix")
    return parts.netloc, parts.path.strip("/")


def _client():
    env = ("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION")
    return _client_for(tuple(os.environ.get(name) for name in env))


@functools.lru_cache(maxsize=4)
def _client_for(settings: tuple) -> object:  # one client per set of AWS settings (not their secrets)
    import boto3

    with _LOCK:  # boto3's default session is not thread-safe while it creates clients
        return boto3.client("s3")


def put_raw_copy(url: str, folder: str, name: str, data: bytes) -> str:
    """Store one raw copy under `<prefix>/<folder>/<name>`; returns its s3:// URI."""
    from botocore.exceptions import BotoCoreError, ClientError

    bucket, prefix = split_s3_url(url)
    key = "/".join(part for part in (prefix, folder, name) if part)
    try:
        _client().put_object(Bucket=bucket, Key=key, Body=data)
    except (BotoCoreError, ClientError) as exc:
        code = exc.response.get("Error", {}).get("Code") if isinstance(exc, ClientError) else None
        raise BudgetSyncError(
            f"the raw copy could not be written to s3://{bucket}/{key} ({code or type(exc).__name__}); "
            "nothing was imported. Check: BUDGET_SYNC_RAW_URL and the AWS credentials of this process."
        ) from None
    return f"s3://{bucket}/{key}"
