"""The customer source file: every error names the file, the customer (position and id) and the setting."""

from __future__ import annotations

import pytest

from budget_sync.config import load_customers_file, missing_env_vars, parse_customers
from budget_sync.errors import ConfigError


def customer(**overrides) -> dict:
    entry = {
        "id": "acme",
        "name": "Acme Corp",
        "source": {"type": "local", "path": "drops/acme"},
        "sync_frequency": "daily",
    }
    entry.update(overrides)
    return entry


def problem(*entries, origin="customers.yaml") -> str:
    with pytest.raises(ConfigError) as info:
        parse_customers({"customers": list(entries)}, origin=origin)
    return str(info.value)


def test_valid_file_gives_configs_with_defaults():
    [config] = parse_customers({"customers": [{"id": "acme", "source": {"type": "s3", "bucket": "b"}}]})
    assert config.name == "acme"
    assert config.sync_frequency == "every_4_hours"
    assert (config.timezone, config.fiscal_year_start_month, config.default_currency) == ("UTC", 1, "USD")


def test_unknown_source_type_lists_the_known_ones():
    text = problem(customer(source={"type": "ftp", "path": "x"}))
    assert "customers.yaml: customers[0] 'acme': source.type 'ftp'" in text
    assert "google_sheets, anaplan, sftp, s3, local" in text


def test_bad_frequency_lists_the_valid_ones():
    text = problem(customer(id="globex", sync_frequency="weekly"))
    assert "customers[0] 'globex': sync_frequency 'weekly' is not valid" in text
    assert "hourly, every_4_hours, every_12_hours, daily, manual" in text


ANAPLAN = {"type": "anaplan", "workspace_id": "w", "model_id": "m", "export_id": "e"}


@pytest.mark.parametrize(
    ("source", "setting"),
    [
        ({"type": "google_sheets", "spreadsheet_id": "abc"}, "source.credentials_env is required"),
        (
            {"type": "sftp", "host": "h", "path": "/in", "username": "u"},
            "source.password_env or source.key_env",
        ),
        ({**ANAPLAN, "username": "u"}, "source.password_env is required for Anaplan basic auth"),
        ({**ANAPLAN, "password_env": "P"}, "source.username is required for Anaplan basic auth"),
        (
            {**ANAPLAN, "certificate_env": "C"},
            "source.private_key_env is required for Anaplan certificate auth",
        ),
        ({**ANAPLAN, "auth": "sso"}, "source.auth 'sso' is not valid"),
        (
            {"type": "s3", "bucket": "b", "access_key_env": "K"},
            "source.access_key_env and source.secret_key_env",
        ),
    ],
)
def test_missing_env_var_name_for_a_secret(source, setting):
    assert setting in problem(customer(source=source))


@pytest.mark.parametrize(
    ("source", "setting"),
    [
        ({"type": "google_sheets", "credentials_env": "X"}, "source.spreadsheet_id"),
        ({"type": "anaplan", "workspace_id": "w", "model_id": "m", "password_env": "P"}, "source.export_id"),
        ({"type": "sftp", "path": "/in", "username": "u", "key_env": "K"}, "source.host"),
        ({"type": "sftp", "host": "h", "username": "u", "key_env": "K"}, "source.path"),
        ({"type": "sftp", "host": "h", "path": "/in", "key_env": "K"}, "source.username"),
        ({"type": "s3", "prefix": "in/"}, "source.bucket"),
        ({"type": "local"}, "source.path"),
    ],
)
def test_required_settings_per_source_type(source, setting):
    assert f"{setting} is required for a {source['type']} source" in problem(customer(source=source))


def test_literal_secret_is_refused_without_repeating_it():
    source = {"type": "sftp", "host": "h", "path": "/in", "username": "u", "password": "hunter2-secret"}
    text = problem(customer(source=source))
    assert "source.password holds a secret in the file" in text
    assert "source.password_env" in text
    assert "hunter2-secret" not in text


def test_env_setting_holding_a_value_instead_of_a_name_is_refused_without_repeating_it():
    source = {"type": "google_sheets", "spreadsheet_id": "x", "credentials_env": '{"private_key": "abc"}'}
    text = problem(customer(source=source))
    assert "source.credentials_env must be the NAME of an environment variable" in text
    assert "private_key" not in text


@pytest.mark.parametrize("bad_id", ["Acme", "acme corp", "acme_corp", "-acme", "acme--corp", 42, ""])
def test_non_slug_id(bad_id):
    assert "is not a slug" in problem(customer(id=bad_id))


def test_id_and_name_fit_the_registry():
    assert "at most 100" in problem(customer(id="a" * 101))
    assert "name must be non-empty text" in problem(customer(name="  "))


def test_missing_id_is_named_by_position():
    entry = customer()
    del entry["id"]
    assert "customers[0]: id is missing" in problem(entry)


def test_duplicate_ids_name_both_positions():
    text = problem(customer(), customer(name="Other"))
    assert "customers[1] 'acme': id 'acme' is used twice (also customers[0])" in text


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("timezone", "Mars/Olympus", "timezone 'Mars/Olympus' is not an IANA time zone"),
        ("fiscal_year_start_month", 13, "fiscal_year_start_month 13 must be a whole number from 1 to 12"),
        ("fiscal_year_start_month", 0, "fiscal_year_start_month 0"),
        ("default_currency", "DOLLARS", "default_currency 'DOLLARS' must be an ISO 4217 currency code"),
        ("default_currency", "ABC", "default_currency 'ABC' must be an ISO 4217 currency code"),
    ],
)
def test_customer_settings(setting, value, message):
    assert f"customers[0] 'acme': {message}" in problem(customer(**{setting: value}))


def test_typo_in_a_setting_name_suggests_the_right_one():
    assert "unknown setting 'sync_frequncy' (did you mean sync_frequency?)" in problem(
        customer(sync_frequncy="daily")
    )


def test_all_problems_are_reported_at_once():
    text = problem(customer(sync_frequency="weekly"), customer(id="b", timezone="Nowhere"))
    assert text.startswith("customers.yaml: 2 problems")
    assert "customers[0] 'acme': sync_frequency" in text and "customers[1] 'b': timezone" in text


def test_top_level_shape():
    with pytest.raises(ConfigError, match="expected a top-level 'customers:' list"):
        parse_customers([{"id": "acme"}], origin="c.yaml")


def test_load_names_the_file_for_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ConfigError, match="nope.yaml: file not found"):
        load_customers_file(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("customers:\n  - id: acme\n    source: {type: local\n")
    with pytest.raises(ConfigError, match=r"bad.yaml: not valid YAML at line \d+"):
        load_customers_file(bad)


def test_load_resolves_local_paths_against_the_file(tmp_path):
    path = tmp_path / "conf" / "customers.yaml"
    path.parent.mkdir()
    path.write_text("customers:\n  - id: acme\n    source: {type: local, path: drops/acme}\n")
    [config] = load_customers_file(path)
    assert config.source["path"] == str(tmp_path / "conf" / "drops" / "acme")


def test_missing_env_vars_warn_but_do_not_fail():
    [config] = parse_customers(
        {
            "customers": [
                customer(source={"type": "google_sheets", "spreadsheet_id": "x", "credentials_env": "SA"})
            ]
        }
    )
    assert missing_env_vars([config], env={"SA": "{}"}) == []
    [warning] = missing_env_vars([config], env={})
    assert "customer 'acme'" in warning and "SA is not set" in warning


def test_sample_file_is_valid():
    from pathlib import Path

    import budget_sync

    configs = load_customers_file(Path(budget_sync.__file__).parent / "samples" / "customers.yaml")
    assert [c.id for c in configs] == ["acme", "globex", "initech"]
    assert all(Path(c.source["path"]).is_dir() for c in configs)


def test_mapping_block_is_checked_by_the_mapping_engine_at_apply_time():
    message = problem(customer(mapping={"departmnt": "Dept"}))
    assert "'acme'" in message and "departmnt" in message and "unknown setting" in message
