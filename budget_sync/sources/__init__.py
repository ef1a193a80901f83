"""Source connectors. Each module exposes ``fetch(customer_id, settings) -> RawExport``; the file-drop
ones (sftp, s3, local) also expose ``list_files(customer_id, settings) -> list[DropFile]`` and accept
``fetch(customer_id, settings, file=DropFile)`` to take one listed file."""

from __future__ import annotations

import importlib
import logging

from budget_sync.errors import BudgetSyncError, ConfigError, SourceError
from budget_sync.sources.raw_export import DropFile, RawExport

SOURCE_TYPES = ("google_sheets", "anaplan", "sftp", "s3", "local")
FILE_DROP_TYPES = ("sftp", "s3", "local")
log = logging.getLogger(__name__)


def connector(source_type: str):
    """The connector module for a source type (imported on first use, so a sync loads only what it uses)."""
    if source_type not in SOURCE_TYPES:
        raise ConfigError(f"unknown source type '{source_type}'; expected one of {', '.join(SOURCE_TYPES)}")
    return importlib.import_module(f"budget_sync.sources.{source_type}")


def fetch_export(customer_id: str, source: dict, file: DropFile | None = None, client=None) -> RawExport:
    """Fetch a customer's current export. `source` is the customer's `source:` block from the config.

    `client` is a ready API client for connectors that take one (S3: the Dagster shell passes the
    boto3 client of dagster-aws's S3Resource). Connectors raise SourceErrors that say what to check; anything else they let through (a library
    failing in a way nobody foresaw) becomes a retryable SourceError naming the customer and source too.
    Only the exception's class goes into the message, since library messages can echo request data; the
    traceback goes to the log for the operator.
    """
    module = connector(source["type"])
    extra = {"client": client} if client is not None else {}
    try:
        if file is not None:
            return module.fetch(customer_id, source, file=file, **extra)
        return module.fetch(customer_id, source, **extra)
    except BudgetSyncError:
        raise
    except Exception as exc:
        log.exception("%s source of customer '%s': unexpected failure", source["type"], customer_id)
        raise SourceError(
            customer_id,
            source["type"],
            f"fetching the export failed unexpectedly ({type(exc).__name__}).",
            "the source's settings, and the sync logs for the full error; the sync will try again.",
            retryable=True,
        ) from None


__all__ = ["DropFile", "RawExport", "SOURCE_TYPES", "FILE_DROP_TYPES", "connector", "fetch_export"]
