"""Raw copies in S3 (BUDGET_SYNC_RAW_URL), each customer under its own prefix, through moto's S3 server."""

from __future__ import annotations

import pytest

from budget_sync.errors import BudgetSyncError
from budget_sync.pipeline.raw_files import keep_raw
from budget_sync.sources.raw_export import RawExport
from budget_sync_tests.sources_drop.conftest import moto_s3  # noqa: F401
from budget_sync_tests.sources_drop.servers import TEST_REGION


@pytest.fixture
def raw_bucket(moto_s3, monkeypatch):  # noqa: F811
    bucket = moto_s3.new_bucket()
    for name, value in {
        "AWS_ENDPOINT_URL_S3": moto_s3.endpoint_url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": TEST_REGION,
        "BUDGET_SYNC_RAW_URL": f"s3://{bucket}/raw/",
    }.items():
        monkeypatch.setenv(name, value)
    return moto_s3, bucket


def test_raw_copies_land_under_each_customers_own_prefix(raw_bucket):
    server, bucket = raw_bucket
    content = b"Department,Budget\nSales,10.00\n"

    plain = keep_raw(RawExport.from_bytes("acme", "local", "budget.csv", "file:///x", content))
    odd = keep_raw(RawExport.from_bytes("../globex", "local", "../../b.csv", "file:///y", content))

    assert plain.startswith(f"s3://{bucket}/raw/acme/") and plain.endswith("-budget.csv")
    keys = [o["Key"] for o in server.client().list_objects_v2(Bucket=bucket)["Contents"]]
    assert len(keys) == 2 and all(k.startswith("raw/") and k.count("/") == 2 for k in keys)
    odd_key = odd.split(f"s3://{bucket}/", 1)[1]
    assert odd_key in keys and not odd_key.startswith("raw/acme/") and ".." not in odd_key.split("/")
    body = server.client().get_object(Bucket=bucket, Key=plain.split(f"{bucket}/", 1)[1])["Body"].read()
    assert body == content


def test_a_missing_bucket_fails_the_copy_with_a_plain_message(raw_bucket, monkeypatch):
    monkeypatch.setenv("BUDGET_SYNC_RAW_URL", "s3://no-such-bucket-here/raw")

    with pytest.raises(BudgetSyncError, match="no-such-bucket-here.*NoSuchBucket"):
        keep_raw(RawExport.from_bytes("acme", "local", "budget.csv", "file:///x", b"a,b\n"))
