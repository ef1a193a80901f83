"""pydantic's validation errors of one customer as budget_sync's one-line problems (`source.bucket is
required for a s3 source`), plus the check no model can make: a secret written into the file."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from budget_sync.customer_file.customer import CustomerModel, NotifySettings
from budget_sync.customer_file.sources import SOURCE_MODELS, SourceModel, SourceSettings

SOURCE_TYPES = tuple(SOURCE_MODELS)
# Keys that would hold a secret itself; the file must name an env var instead (`<key>_env`).
SECRET_KEYS = re.compile(
    r"^(password|passphrase|secret|token|api_key|private_key|key|credentials|client_secret|"
    r"secret_access_key|aws_secret_access_key|webhook|slack_webhook|smtp_password)$"
    r"|_(password|secret|token)$"
)
_SOURCE: TypeAdapter = TypeAdapter(SourceSettings)
MISSING = {
    ("id",): "id is missing (a lowercase slug such as 'acme-corp')",
    ("source",): f"source is missing (a mapping with type: one of {', '.join(SOURCE_TYPES)})",
    (
        "source",
        "credentials_env",
    ): "source.credentials_env is required: the env var holding the service-account JSON",
}


def validate_customer(entry: dict) -> tuple[CustomerModel | None, list[str]]:
    """The model of one customer entry (a dict) and every problem found; the model is None unless valid."""
    secrets = literal_secrets(entry)
    problems = [text for _, _, text in secrets]
    try:
        model = CustomerModel.model_validate(entry)
    except ValidationError as exc:
        skipped = {(block, key) for block, key, _ in secrets}
        found = (_problem(error, entry) for error in exc.errors())
        return None, problems + [text for text, where in found if where not in skipped]
    return (None if problems else model), problems


def validate_source(block: dict) -> tuple[SourceModel | None, list[str]]:
    """A `source:` block on its own (a connector reading the block stored with the customer), with the
    same messages as when the customers file is applied."""
    secrets = [text for where, _, text in literal_secrets({"source": block}) if where == "source"]
    try:
        model = _SOURCE.validate_python(block)
    except ValidationError as exc:
        skipped = {("source", key) for key in block if SECRET_KEYS.search(str(key))}
        found = (_problem({**e, "loc": ("source", *e["loc"])}, {"source": block}) for e in exc.errors())
        return None, secrets + [text for text, where in found if where not in skipped]
    return (None if secrets else model), secrets


def literal_secrets(entry: dict) -> list[tuple[str, str, str]]:
    """(block, key, problem) for each secret-looking key of `source:` and `notify:`; never repeats the value."""
    found = []
    for block in ("source", "notify"):
        settings = entry.get(block)
        for key in settings if isinstance(settings, dict) else ():
            if SECRET_KEYS.search(str(key)):
                found.append(
                    (
                        block,
                        str(key),
                        f"{block}.{key} holds a secret in the file; put it in an environment variable and "
                        f"give that variable's name as {block}.{key}_env",
                    )
                )
    return found


def _problem(error: Mapping[str, Any], entry: dict) -> tuple[str, tuple]:
    """(message, (block, key)) for one pydantic error; the source type is left out of the path."""
    loc = tuple(str(part) for part in error["loc"])
    kind = None
    if loc[:1] == ("source",) and len(loc) > 1 and loc[1] in SOURCE_MODELS:
        kind, loc = loc[1], (loc[0], *loc[2:])
    path = ".".join(loc)
    where = (loc[0], loc[1]) if len(loc) > 1 else (path, "")
    kind_name = error["type"]
    if kind_name == "rule":
        return error["ctx"]["text"], where
    if kind_name == "setting":
        return f"{path} {error['ctx']['rest']}", where
    if kind_name in ("missing", "required"):
        if loc in MISSING:
            return MISSING[loc], where
        return (f"{path} is required for a {kind} source" if kind else f"{path} is required"), where
    if kind_name == "extra_forbidden":
        return _unknown(loc, kind), where
    if loc == ("source",):
        source = entry.get("source")
        if not isinstance(source, dict):
            return "source must be a mapping with a type and its settings", where
        return (
            f"source.type {source.get('type')!r} is not a known source type; use one of {', '.join(SOURCE_TYPES)}",
            where,
        )
    return f"{path} {error.get('input')!r} is not valid: {error['msg']}", where


def _unknown(loc: tuple, kind: str | None) -> str:
    key = loc[-1]
    model: type[BaseModel] = CustomerModel
    if kind:
        model = SOURCE_MODELS[kind]
    elif loc[0] == "notify":
        model = NotifySettings
    known = [name for name in model.model_fields if name != "type"]
    close = difflib.get_close_matches(key, known, n=1)
    where = f"{'.'.join(loc)!r}" + (f" for a {kind} source" if kind else "")
    hint = f" (did you mean {close[0]}?)" if close else f"; known settings: {', '.join(known)}"
    return f"unknown setting {where}{hint}"
