"""Reading a file-drop source's settings: required keys, numbers, and secrets named by env vars.

Secrets are never in the settings themselves, only the names of environment variables that hold them;
an error names the variable, never its value.
"""

from __future__ import annotations

import os

from budget_sync.errors import SourceError


def checked(customer_id: str, source_type: str, settings: dict) -> dict:
    """The block as checked by its source type's model (`customer_file.sources`), the same check and
    messages as `sources apply`: a block stored before that check, or written by hand, fails here clearly
    (e.g. an S3 `access_key_id_env` instead of silently falling back to the default AWS credentials)."""
    from budget_sync.customer_file.problems import validate_source

    model, problems = validate_source({**settings, "type": source_type})
    if model is None:
        raise SourceError(
            customer_id,
            source_type,
            "; ".join(problems),
            f"the customer's source block (docs/sources/{source_type}.md).",
            retryable=False,
        )
    return model.model_dump(exclude_none=True)


def require(customer_id: str, source_type: str, settings: dict, key: str) -> str:
    value = settings.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise SourceError(
            customer_id,
            source_type,
            f"setting '{key}' is missing.",
            f"the customer's source block sets '{key}'.",
            retryable=False,
        )
    return value.strip() if isinstance(value, str) else value


def number(customer_id: str, source_type: str, settings: dict, key: str, default: float) -> float:
    value = settings.get(key, default)
    try:
        result = float(value)
    except (TypeError, ValueError):
        result = -1.0
    if result < 0:
        raise SourceError(
            customer_id,
            source_type,
            f"setting '{key}' must be a number of seconds (0 or more), got {value!r}.",
            f"the '{key}' setting of the customer's source block.",
            retryable=False,
        )
    return result


def env_secret(customer_id: str, source_type: str, settings: dict, key: str) -> str | None:
    """The value of the env var named by setting `key`; None when the setting is absent."""
    name = settings.get(key)
    if not name:
        return None
    value = os.environ.get(str(name))
    if not value:
        raise SourceError(
            customer_id,
            source_type,
            f"environment variable {name} (named by setting '{key}') is not set or empty.",
            f"that {name} is set in the environment of the process running the sync.",
            retryable=False,
        )
    return value
