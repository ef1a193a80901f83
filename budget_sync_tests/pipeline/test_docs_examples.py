"""The YAML examples in docs/sources/*.md and the README are valid customer configuration: each is
validated with budget_sync.config exactly as `budget-sync sources apply` would (a `source:` or `mapping:`
snippet is put into a minimal customer first)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from budget_sync.config import parse_customers
from budget_sync.sources import SOURCE_TYPES

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DOCS = sorted((ROOT / "docs" / "sources").glob("*.md"))
YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)


def yaml_examples(path: Path) -> list[str]:
    return YAML_BLOCK.findall(path.read_text(encoding="utf-8"))


def as_customers_file(example: dict) -> dict:
    """A whole customers file as is; a `source:` or `mapping:` snippet inside a minimal customer."""
    if "customers" in example:
        return example
    customer = {"id": "acme", "source": {"type": "local", "path": "drops/acme"}, **example}
    return {"customers": [customer]}


@pytest.mark.parametrize("path", [*SOURCE_DOCS, ROOT / "README.md"], ids=lambda p: p.name)
def test_yaml_examples_validate(path):
    examples = yaml_examples(path)
    assert examples, f"{path.name} has no yaml example"
    for text in examples:
        example = yaml.safe_load(text)
        assert isinstance(example, dict) and set(example) & {"customers", "source", "mapping"}, text
        configs = parse_customers(as_customers_file(example), origin=path.name)  # raises on a problem
        assert configs


def test_every_source_type_has_a_documented_example():
    documented = set()
    for path in SOURCE_DOCS:
        for text in yaml_examples(path):
            for config in parse_customers(as_customers_file(yaml.safe_load(text))):
                documented.add(config.source_type)
    assert documented == set(SOURCE_TYPES)
    assert {p.stem for p in SOURCE_DOCS} >= {*SOURCE_TYPES, "prophix"}


def test_a_broken_example_would_be_caught():
    """The check above is not a formality: a typo in a documented block fails validation."""
    from budget_sync.errors import ConfigError

    bad = {"source": {"type": "sftp", "host": "h", "path": "/in", "username": "u", "password": "x"}}
    with pytest.raises(ConfigError, match="source.password holds a secret"):
        parse_customers(as_customers_file(bad))
