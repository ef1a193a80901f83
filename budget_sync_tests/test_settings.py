"""Settings from the environment: documented defaults, and a clear error naming a bad variable."""

from pathlib import Path

import pytest

from budget_sync.errors import ConfigError
from budget_sync.settings import load_settings


def test_defaults_live_under_the_state_folder(tmp_path):
    settings = load_settings({"BUDGET_SYNC_HOME": str(tmp_path / "state")})
    assert settings.home == tmp_path / "state"
    assert settings.database_url == f"sqlite:///{tmp_path / 'state' / 'budgets.db'}"
    assert settings.raw_dir == tmp_path / "state" / "raw"
    assert (settings.max_removed_share, settings.max_rejected_share, settings.min_mapping_confidence) == (
        0.20,
        0.20,
        0.6,
    )
    assert load_settings({}).home == Path(".budget_sync").resolve()


def test_variables_override_the_defaults(tmp_path):
    settings = load_settings(
        {
            "BUDGET_SYNC_HOME": str(tmp_path),
            "BUDGET_SYNC_DATABASE_URL": "postgresql+psycopg2://app@db:5432/budgets",
            "BUDGET_SYNC_RAW_DIR": str(tmp_path / "raw-copies"),
            "BUDGET_SYNC_MAX_REMOVED_SHARE": "0.5",
            "BUDGET_SYNC_MAX_REJECTED_SHARE": "1",
            "BUDGET_SYNC_MIN_CONFIDENCE": " 0.75 ",
        }
    )
    assert settings.database_url == "postgresql+psycopg2://app@db:5432/budgets"
    assert settings.raw_dir == tmp_path / "raw-copies"
    assert (settings.max_removed_share, settings.max_rejected_share, settings.min_mapping_confidence) == (
        0.5,
        1.0,
        0.75,
    )
    assert load_settings({"BUDGET_SYNC_MAX_REMOVED_SHARE": ""}).max_removed_share == 0.20


@pytest.mark.parametrize("value", ["abc", "20%", "20", "-0.1", "nan"])
@pytest.mark.parametrize(
    "name", ["BUDGET_SYNC_MAX_REMOVED_SHARE", "BUDGET_SYNC_MAX_REJECTED_SHARE", "BUDGET_SYNC_MIN_CONFIDENCE"]
)
def test_a_bad_fraction_names_the_variable(name, value):
    with pytest.raises(ConfigError, match=f"{name}='{value}' must be a number from 0 to 1"):
        load_settings({name: value})
