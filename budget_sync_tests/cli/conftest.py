"""CLI fixtures: run `budget-sync` in process (budget_sync.cli.main) against a real database."""

from __future__ import annotations

import json

import pytest

from budget_sync.cli import main
from budget_sync_tests.pipeline.conftest import HEADER, ROWS, drops  # noqa: F401  (fixture)

__all__ = ["HEADER", "ROWS"]


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys, sqlite_url):
    """`cli("sync", "acme", "--json")` -> (exit code, stdout, stderr). SQLite unless `cli.use(url)`."""
    monkeypatch.setenv("BUDGET_SYNC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BUDGET_SYNC_DATABASE_URL", sqlite_url)
    monkeypatch.delenv("BUDGET_SYNC_RAW_DIR", raising=False)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)  # in process unless a test sets up an instance

    class Cli:
        def __call__(self, *argv: str):
            capsys.readouterr()
            code = main([str(a) for a in argv])
            out, err = capsys.readouterr()
            return code, out, err

        def json(self, *argv: str):
            code, out, err = self(*argv, "--json")
            assert code in (0, 1), err
            return code, json.loads(out)

        def use(self, url: str):
            monkeypatch.setenv("BUDGET_SYNC_DATABASE_URL", url)

    return Cli()


@pytest.fixture
def customers_file(tmp_path, drops):  # noqa: F811
    """Write a customers YAML whose customers read drops/<id> (no stability wait); returns its path."""

    def write(*ids: str, extra: str = "") -> str:
        lines = ["customers:"]
        for cid in ids:
            lines += [
                f"  - id: {cid}",
                f"    name: {cid.title()} Inc",
                f"    source: {{type: local, path: drops/{cid}, stable_seconds: 0}}",
                "    sync_frequency: daily",
            ]
        path = tmp_path / "customers.yaml"
        path.write_text("\n".join(lines) + "\n" + extra)
        return str(path)

    return write
