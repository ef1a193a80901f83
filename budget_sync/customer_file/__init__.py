"""Typed models of the customers file (pydantic v2): one settings model per source type, told apart by
`type`, validated once when the file is read (`budget_sync.config`). `json_schema()` is what
`docs/customers.schema.json` holds (`budget-sync config schema` prints it). No Dagster here."""

from __future__ import annotations

import json

from budget_sync.customer_file.customer import CustomerModel, CustomersFile, NotifySettings
from budget_sync.customer_file.sources import SOURCE_MODELS, SourceSettings

SCHEMA_ID = "https://budget-sync.example/customers.schema.json"


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a customers file."""
    schema = CustomersFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


__all__ = [
    "CustomerModel",
    "CustomersFile",
    "NotifySettings",
    "SOURCE_MODELS",
    "SourceSettings",
    "json_schema",
    "json_schema_text",
]
