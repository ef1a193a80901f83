"""Prophix path: its Export Data file dropped on SFTP or S3, fetched, and mapped with the `prophix` preset."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from budget_sync.mapping import map_file
from budget_sync.mapping.presets import PRESETS
from budget_sync.sources import fetch_export

SAMPLE = Path(__file__).parent / "data" / "prophix_export_budget.csv"
ROLES = ("department", "sub_category", "fiscal_period", "budgeted_amount", "currency")


def test_preset_names_columns_of_the_sample_layout():
    header = next(csv.reader(io.StringIO(SAMPLE.read_text())))
    preset = PRESETS["prophix"]
    assert all(preset[role] in header for role in ROLES)
    assert set(preset["filters"]) <= set(header)


def test_prophix_export_maps_without_overrides():
    result = map_file(SAMPLE.read_bytes(), file_name=SAMPLE.name, config={"preset": "prophix"})
    assert len(result.budgets) == 18 and not result.rejected
    assert sum(b.budgeted_amount for b in result.budgets) == Decimal("926601.00")
    first = {(b.department, b.sub_category, b.fiscal_period): b for b in result.budgets}
    line = first[("Engineering", "6400 - Software Subscriptions", "2025-01")]
    assert line.budgeted_amount == Decimal("18400.50") and line.currency == "USD"


@pytest.mark.parametrize("source", ["sftp", "s3"])
def test_prophix_drop_fetched_and_mapped(source, request, monkeypatch):
    if source == "sftp":
        sshd = request.getfixturevalue("sshd")
        monkeypatch.setenv("ACME_SFTP_KEY", sshd.client_key)
        folder = sshd.new_folder()
        (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
        block = sshd.settings(folder, key_env="ACME_SFTP_KEY", pattern="*.csv")
    else:
        moto = request.getfixturevalue("moto_s3")
        bucket = moto.new_bucket()
        moto.client().put_object(Bucket=bucket, Key=f"prophix/{SAMPLE.name}", Body=SAMPLE.read_bytes())
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        block = {
            "type": "s3",
            "bucket": bucket,
            "prefix": "prophix/",
            "pattern": "*.csv",
            "region": "us-east-1",
            "endpoint_url": moto.endpoint_url,
        }
    raw = fetch_export("acme", block)
    result = map_file(raw.content, file_name=raw.file_name, config={"preset": "prophix"})
    assert len(result.budgets) == 18
