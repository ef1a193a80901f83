"""The typed customer models: unknown keys are errors with a suggestion, and the published JSON Schema is
the one the models generate."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

import budget_sync
from budget_sync.config import parse_customers
from budget_sync.customer_file import SOURCE_MODELS, json_schema, json_schema_text
from budget_sync.errors import ConfigError
from budget_sync.sources import SOURCE_TYPES

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "docs" / "customers.schema.json"
SAMPLES = Path(budget_sync.__file__).parent / "samples" / "customers.yaml"


def problem(source: dict, **entry) -> str:
    with pytest.raises(ConfigError) as info:
        parse_customers({"customers": [{"id": "acme", "source": source, **entry}]}, origin="customers.yaml")
    return str(info.value)


def test_the_committed_schema_is_what_the_models_generate():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema_text(), (
        "docs/customers.schema.json is stale: run `make schema`"
    )


def test_every_source_type_has_a_model():
    assert tuple(SOURCE_MODELS) == SOURCE_TYPES


def test_misspelt_s3_key_names_are_refused_with_the_right_names():
    source = {"type": "s3", "bucket": "b", "access_key_id_env": "K", "secret_access_key_env": "S"}
    text = problem(source)
    assert (
        "customers.yaml: customers[0] 'acme': unknown setting 'source.access_key_id_env' for a s3 source "
        "(did you mean access_key_env?)"
    ) in text
    assert "'source.secret_access_key_env' for a s3 source (did you mean secret_key_env?)" in text


@pytest.mark.parametrize(
    ("source", "typo", "meant"),
    [
        ({"type": "google_sheets", "spreadsheet_id": "x", "credentials_env": "SA", "sheeet": "Q1"}, "sheeet", "sheet"),
        ({"type": "anaplan", "workspace_id": "w", "model_id": "m", "export_id": "e", "username": "u",
          "password_env": "P", "export": "e2"}, "export", "export_id"),
        ({"type": "sftp", "host": "h", "path": "/in", "username": "u", "key_env": "K", "hostname": "h"},
         "hostname", "host"),
        ({"type": "local", "path": "in", "paterns": "*.csv"}, "paterns", "pattern"),
        ({"type": "local", "path": "in", "archive": "done"}, "archive", "archive_dir"),
    ],
)  # fmt: skip
def test_an_unknown_source_key_suggests_the_close_one(source, typo, meant):
    assert (
        f"unknown setting 'source.{typo}' for a {source['type']} source (did you mean {meant}?)"
        in problem(source)
    )


def test_an_unknown_notify_key_suggests_the_close_one():
    text = problem({"type": "local", "path": "in"}, notify={"smtp_hots": "mail"})
    assert "unknown setting 'notify.smtp_hots' (did you mean smtp_host?)" in text


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ({"type": "s3", "bucket": "b", "page_size": 5000}, "source.page_size 5000 must be a whole number from 1 to 1000"),
        ({"type": "s3", "bucket": "b", "timeout": "slow"}, "source.timeout 'slow' must be a number of seconds"),
        ({"type": "s3", "bucket": "b", "addressing_style": "dns"}, "source.addressing_style 'dns' is not valid"),
        ({"type": "local", "path": "in", "archive_outside": "yes"}, "source.archive_outside must be true or false"),
        ({"type": "local", "path": "in", "pattern": ["*.csv", 3]}, "source.pattern ['*.csv', 3] must be non-empty"),
        ({"type": "sftp", "host": "h", "path": "/", "username": "u", "key_env": "K", "port": 0}, "source.port 0"),
    ],
)  # fmt: skip
def test_bad_values_name_the_setting_and_the_value(source, message):
    assert message in problem(source)


def test_literal_secret_under_a_typed_source_is_reported_once_without_the_value():
    text = problem({"type": "s3", "bucket": "b", "secret_access_key": "wJalrXUtnFEMI"})
    assert "source.secret_access_key holds a secret in the file" in text
    assert "unknown setting" not in text and "wJalrXUtnFEMI" not in text


def test_blocks_are_kept_as_written_so_reapplying_changes_nothing():
    source = {"type": "anaplan", "workspace_id": "w", "model_id": "m", "export_id": 116000000001,
              "username": "u", "password_env": "P", "timeout": 30}  # fmt: skip
    [config] = parse_customers({"customers": [{"id": "acme", "source": source}]})
    assert config.source == source


def test_the_schema_accepts_the_sample_file_and_refuses_an_unknown_key():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(SAMPLES.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["customers"][0]["source"]["access_key_id_env"] = "K"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_schema_describes_each_source_type():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    source = schema["$defs"]["CustomerModel"]["properties"]["source"]
    assert set(source["discriminator"]["mapping"]) == set(SOURCE_TYPES)
    assert schema["$defs"]["S3Source"]["additionalProperties"] is False
