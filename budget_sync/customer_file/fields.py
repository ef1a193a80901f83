"""Setting types of the customers file whose errors read like the rest of budget_sync's config errors.

A check raises `setting_error("... must be ...")`: `problems.py` puts the setting's path in front
(``sync_frequency 'weekly' is not valid; ...``). `rule_error` is a whole message (rules spanning settings).
The pydantic type behind each check is what the JSON Schema shows.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def setting_error(rest: str) -> PydanticCustomError:
    return PydanticCustomError("setting", "{rest}", {"rest": rest})


def rule_error(text: str) -> PydanticCustomError:
    return PydanticCustomError("rule", "{text}", {"text": text})


def choice(values: tuple[str, ...], listed: str | None = None) -> BeforeValidator:
    """One of `values`; the error lists them (or says `listed`)."""

    def check(value: Any) -> Any:
        if value not in values:
            raise setting_error(f"{value!r} is not valid; use {listed or 'one of ' + ', '.join(values)}")
        return value

    return BeforeValidator(check)


def _required_text(value: Any) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        raise PydanticCustomError("required", "is required")
    return str(value).strip()


def _env_name(value: Any) -> str:
    if value is None or value == "":
        raise PydanticCustomError("required", "is required")
    if not (isinstance(value, str) and ENV_NAME.match(value)):
        raise setting_error(
            "must be the NAME of an environment variable (letters, digits, _), not the secret itself"
        )
    return value


def _whole(minimum: int, maximum: int | None, what: str):
    def check(value: Any) -> int:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < minimum
            or (maximum is not None and value > maximum)
        ):
            raise setting_error(f"{value!r} must be {what}")
        return value

    return BeforeValidator(check)


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise setting_error(f"{value!r} must be a number of seconds (0 or more)")
    return float(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise setting_error("must be true or false")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise setting_error("must be non-empty text")
    return value


def _texts(value: Any) -> str | list[str]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) and item.strip() for item in items):
        raise setting_error(f"{value!r} must be non-empty text or a list of non-empty texts")
    return value


RequiredText = Annotated[str, Field(min_length=1), BeforeValidator(_required_text)]
Text = Annotated[str, Field(min_length=1), BeforeValidator(_text)]
EnvName = Annotated[
    str,
    Field(pattern=ENV_NAME.pattern, description="the NAME of an environment variable holding the secret"),
    BeforeValidator(_env_name),
]
Seconds = Annotated[float, Field(ge=0), BeforeValidator(_seconds)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Port = Annotated[int, Field(ge=1, le=65535), _whole(1, 65535, "a port number from 1 to 65535")]
Count = Annotated[int, Field(ge=0), _whole(0, None, "a whole number of 0 or more")]
Attempts = Annotated[int, Field(ge=1, le=10), _whole(1, 10, "a whole number from 1 to 10")]
Month = Annotated[int, Field(ge=1, le=12), _whole(1, 12, "a whole number from 1 to 12")]
PageSize = Annotated[int, Field(ge=1, le=1000), _whole(1, 1000, "a whole number from 1 to 1000")]
Texts = Annotated[str | list[str], BeforeValidator(_texts)]
