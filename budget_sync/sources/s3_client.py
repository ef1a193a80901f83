"""Building the boto3 S3 client for an s3 source, and turning boto3 failures into SourceErrors.

Credentials come from the env vars named by ``access_key_env`` / ``secret_key_env`` (and optional
``session_token_env``), else boto3's default chain (env, shared config, instance role). The Dagster
shell can build dagster-aws's ``S3Resource(**resource_config(customer_id, settings))`` instead and
pass ``client=resource.get_client()`` to list_files / fetch.
"""

from __future__ import annotations

import threading

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError, NoCredentialsError

from budget_sync.errors import SourceError
from budget_sync.sources.drop_settings import env_secret, number

SOURCE = "s3"
# boto3's default session is not thread-safe while it creates clients (batch runs fetch in threads).
_CLIENT_LOCK = threading.Lock()
NOT_FOUND = {"NoSuchBucket", "NoSuchKey", "404", "NotFound"}
DENIED = {"AccessDenied", "403", "AllAccessDisabled", "AccountProblem"}
BAD_CREDENTIALS = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "InvalidToken",
    "ExpiredToken",
    "InvalidClientTokenId",
    "TokenRefreshRequired",
}


def resource_config(customer_id: str, settings: dict) -> dict:
    """Keyword arguments for boto3.client('s3', ...) and for dagster_aws.s3.S3Resource (None left out)."""
    config = {
        "region_name": settings.get("region"),
        "endpoint_url": settings.get("endpoint_url"),
        "aws_access_key_id": env_secret(customer_id, SOURCE, settings, "access_key_env"),
        "aws_secret_access_key": env_secret(customer_id, SOURCE, settings, "secret_key_env"),
        "aws_session_token": env_secret(customer_id, SOURCE, settings, "session_token_env"),
    }
    if bool(config["aws_access_key_id"]) != bool(config["aws_secret_access_key"]):
        raise SourceError(
            customer_id,
            SOURCE,
            "only one of 'access_key_env' and 'secret_key_env' is set.",
            "set both, or neither to use the default AWS credential chain.",
            retryable=False,
        )
    return {key: value for key, value in config.items() if value}


def build_client(customer_id: str, settings: dict):
    timeout = number(customer_id, SOURCE, settings, "timeout", 60)
    config = Config(
        connect_timeout=number(customer_id, SOURCE, settings, "connect_timeout", 15),
        read_timeout=timeout,
        retries={"max_attempts": 3, "mode": "standard"},
        s3={"addressing_style": settings.get("addressing_style", "auto")},
    )
    try:
        with _CLIENT_LOCK:
            return boto3.client("s3", config=config, **resource_config(customer_id, settings))
    except (BotoCoreError, ValueError) as exc:
        raise SourceError(
            customer_id,
            SOURCE,
            f"cannot set up the S3 client ({type(exc).__name__}).",
            "the 'region' and 'endpoint_url' settings.",
            retryable=False,
        ) from None


def translate(customer_id: str, settings: dict, exc: Exception, doing: str) -> SourceError:
    """A SourceError for a boto3 failure. Only the error code is kept: AWS messages can echo request data."""
    bucket = settings.get("bucket")
    endpoint = settings.get("endpoint_url") or "AWS"
    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", "")) or "unknown"
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code == "NoSuchBucket" or (code in NOT_FOUND and "bucket" in doing):
            return _err(
                customer_id,
                f"bucket '{bucket}' does not exist ({doing}).",
                "the 'bucket' setting (and 'region' / 'endpoint_url').",
                False,
            )
        if code in NOT_FOUND:
            return _err(
                customer_id,
                f"the object is gone ({doing}).",
                "what else removes files from the prefix; the next sync will look again.",
                True,
            )
        if code in BAD_CREDENTIALS:
            return _err(
                customer_id,
                f"S3 rejected the credentials ({code}) while {doing}.",
                _credentials_hint(settings),
                False,
            )
        if code in DENIED:
            return _err(
                customer_id,
                f"access denied while {doing} (bucket '{bucket}').",
                "that the credentials' policy allows s3:ListBucket and s3:GetObject on the bucket "
                "and prefix.",
                False,
            )
        if code in {"PreconditionFailed", "412"}:
            return _err(
                customer_id,
                f"the object changed since it was listed ({doing}).",
                "nothing: the next sync takes the new version.",
                True,
            )
        retryable = status is None or status >= 500 or code in {"SlowDown", "RequestTimeout", "Throttling"}
        return _err(
            customer_id, f"S3 answered {code} while {doing}.", f"the bucket at {endpoint}.", retryable
        )
    if isinstance(exc, NoCredentialsError):
        return _err(
            customer_id, f"no AWS credentials were found while {doing}.", _credentials_hint(settings), False
        )
    if isinstance(exc, EndpointConnectionError):
        return _err(
            customer_id,
            f"cannot reach {endpoint} while {doing}.",
            "the 'endpoint_url' / 'region' settings and the network.",
            True,
        )
    return _err(customer_id, f"{type(exc).__name__} while {doing}.", f"the bucket at {endpoint}.", True)


def _credentials_hint(settings: dict) -> str:
    if settings.get("access_key_env"):
        names = f"{settings['access_key_env']} and {settings.get('secret_key_env')}"
        return f"that the env vars {names} hold a valid, active access key pair."
    return "set 'access_key_env' / 'secret_key_env' or provide credentials through the AWS default chain."


def _err(customer_id: str, message: str, hint: str, retryable: bool) -> SourceError:
    return SourceError(customer_id, SOURCE, message, hint, retryable=retryable)
