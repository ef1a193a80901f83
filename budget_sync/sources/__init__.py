"""Source connectors. Each module exposes ``fetch(customer_id, settings) -> RawExport``; the file-drop
ones (sftp, s3, local) also expose ``list_files(customer_id, settings) -> list[DropFile]`` and accept
``fetch(customer_id, settings, file=DropFile)`` to take one listed file."""

from __future__ import annotations

import importlib

from budget_sync.errors import ConfigError
from budget_sync.sources.raw_export import DropFile, RawExport

SOURCE_TYPES = ("google_sheets", "anaplan", "sftp", "s3", "local")
FILE_DROP_TYPES = ("sftp", "s3", "local")


def connector(source_type: str):
    """The connector module for a source type (imported on first use, so a sync loads only what it uses)."""
    if source_type not in SOURCE_TYPES:
        raise ConfigError(f"unknown source type '{source_type}'; expected one of {', '.join(SOURCE_TYPES)}")
    return importlib.import_module(f"budget_sync.sources.{source_type}")


def fetch_export(customer_id: str, source: dict, file: DropFile | None = None) -> RawExport:
    """Fetch a customer's current export. `source` is the customer's `source:` block from the config."""
    module = connector(source["type"])
    if file is not None:
        return module.fetch(customer_id, source, file=file)
    return module.fetch(customer_id, source)


__all__ = ["DropFile", "RawExport", "SOURCE_TYPES", "FILE_DROP_TYPES", "connector", "fetch_export"]
