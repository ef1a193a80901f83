"""The S3 source against moto in server mode on loopback (fixture `moto_s3`)."""

import pytest

from budget_sync.errors import SourceError
from budget_sync.sources import fetch_export, s3
from budget_sync.sources.s3_client import resource_config


@pytest.fixture
def bucket(moto_s3, monkeypatch):
    """A fresh bucket and a source block using credentials from env vars."""
    monkeypatch.setenv("ACME_AWS_KEY_ID", "testing")
    monkeypatch.setenv("ACME_AWS_SECRET", "testing")
    name = moto_s3.new_bucket()
    settings = {
        "type": "s3",
        "bucket": name,
        "region": "us-east-1",
        "endpoint_url": moto_s3.endpoint_url,
        "access_key_env": "ACME_AWS_KEY_ID",
        "secret_key_env": "ACME_AWS_SECRET",
    }
    return name, settings


def _put(moto_s3, bucket, key, body=b"a,b\n1,2\n"):
    return moto_s3.client().put_object(Bucket=bucket, Key=key, Body=body)["ETag"].strip('"')


def test_newest_object_under_prefix_matching_glob(moto_s3, bucket):
    name, settings = bucket
    _put(moto_s3, name, "exports/acme/budget_1.csv", b"first\n")
    etag = _put(moto_s3, name, "exports/acme/budget_2.csv", b"second\n")
    _put(moto_s3, name, "exports/acme/budget_3.csv.tmp", b"partial")
    _put(moto_s3, name, "exports/acme/report.pdf", b"x")
    _put(moto_s3, name, "exports/acme/old/budget_9.csv", b"nested")
    _put(moto_s3, name, "exports/other/budget_9.csv", b"other")
    settings = {**settings, "prefix": "exports/acme/", "pattern": "budget_*.csv"}
    files = s3.list_files("acme", settings)
    assert [f.name for f in files] == ["budget_1.csv", "budget_2.csv"]
    assert files[-1].etag == etag and files[-1].path == "exports/acme/budget_2.csv"
    raw = fetch_export("acme", settings)
    assert raw.content == b"second\n" and raw.file_name == "budget_2.csv"
    assert raw.location == f"s3://{name}/exports/acme/budget_2.csv"
    assert raw.size == 7 and raw.modified_at is not None and raw.source_type == "s3"


def test_same_second_objects_order_by_key(moto_s3, bucket):
    """S3 lists LastModified in whole seconds; within one second the later key (timestamped name) wins."""
    name, settings = bucket
    for attempt in range(5):  # retry if the two uploads straddle a second boundary
        prefix = f"t{attempt}/"
        for key in ("budget_20250101_120002.csv", "budget_20250101_120001.csv"):  # later name first
            _put(moto_s3, name, prefix + key, key.encode())
        files = s3.list_files("acme", {**settings, "prefix": prefix})
        if files[0].modified_at == files[1].modified_at:
            break
    assert files[0].modified_at == files[1].modified_at
    raw = s3.fetch("acme", {**settings, "prefix": prefix})
    assert raw.file_name == "budget_20250101_120002.csv" and raw.content == b"budget_20250101_120002.csv"


def test_pagination(moto_s3, bucket):
    name, settings = bucket
    for i in range(7):
        _put(moto_s3, name, f"p/b_{i}.csv", str(i).encode())
    files = s3.list_files("acme", {**settings, "prefix": "p/", "page_size": 2})
    assert len(files) == 7
    assert s3.fetch("acme", {**settings, "prefix": "p/", "page_size": 2}).file_name == files[-1].name


def test_passed_client_is_used(moto_s3, bucket):
    name, settings = bucket
    _put(moto_s3, name, "b.csv")
    bare = {"bucket": name}  # no endpoint: only the passed client can reach moto
    assert [f.name for f in s3.list_files("acme", bare, client=moto_s3.client())] == ["b.csv"]


def test_changed_object_since_listing_is_retryable(moto_s3, bucket):
    name, settings = bucket
    _put(moto_s3, name, "b.csv", b"v1")
    [file] = s3.list_files("acme", settings)
    _put(moto_s3, name, "b.csv", b"v2 changed")
    with pytest.raises(SourceError, match="changed since it was listed") as err:
        s3.fetch("acme", settings, file=file)
    assert err.value.retryable is True


def test_missing_bucket(bucket):
    _, settings = bucket
    with pytest.raises(SourceError) as err:
        s3.list_files("acme", {**settings, "bucket": "no-such-bucket-here"})
    text = str(err.value)
    assert "acme" in text and "'no-such-bucket-here' does not exist" in text and "'bucket'" in text
    assert err.value.retryable is False


def test_no_matching_object(moto_s3, bucket):
    name, settings = bucket
    _put(moto_s3, name, "in/report.pdf")
    with pytest.raises(SourceError, match=r"no file matching '\*\.xlsx' in s3://") as err:
        s3.fetch("acme", {**settings, "prefix": "in/", "pattern": "*.xlsx"})
    assert err.value.retryable is False


def test_bad_credentials(moto_s3, bucket, monkeypatch):
    name, settings = bucket
    secret = "wrongSecret/" + "x" * 28
    monkeypatch.setenv("ACME_AWS_KEY_ID", "AKIAEXAMPLEBADKEY001")
    monkeypatch.setenv("ACME_AWS_SECRET", secret)
    with moto_s3.enforce_auth(), pytest.raises(SourceError) as err:
        s3.list_files("acme", settings)
    text = str(err.value)
    assert "rejected the credentials" in text and "ACME_AWS_KEY_ID" in text and secret not in text
    assert err.value.retryable is False


def test_unreachable_endpoint_and_half_credentials(bucket, monkeypatch):
    from budget_sync_tests.sources_drop.servers import free_port

    _, settings = bucket
    down = {**settings, "endpoint_url": f"http://127.0.0.1:{free_port()}", "connect_timeout": 2}
    with pytest.raises(SourceError, match="cannot reach") as err:
        s3.list_files("acme", down)
    assert err.value.retryable is True
    with pytest.raises(SourceError, match="only one of"):
        resource_config("acme", {**settings, "secret_key_env": None})


def test_dagster_aws_s3_resource_client(moto_s3, bucket):
    """The Dagster shell's path: S3Resource built from the same settings, its client passed in."""
    from dagster_aws.s3 import S3Resource

    name, settings = bucket
    _put(moto_s3, name, "drop/b.csv", b"via dagster-aws\n")
    resource = S3Resource(**resource_config("acme", settings))
    raw = s3.fetch("acme", {**settings, "prefix": "drop/"}, client=resource.get_client())
    assert raw.content == b"via dagster-aws\n"


def test_prefix_without_trailing_slash_says_so(moto_s3, bucket):
    name, settings = bucket
    _put(moto_s3, name, "exports/acme/budget.csv")
    with pytest.raises(SourceError) as err:
        s3.fetch("acme", {**settings, "prefix": "exports/acme"})
    assert "no file matching" in err.value.message and err.value.retryable is False
    assert "prefix: 'exports/acme/'" in err.value.hint
    assert s3.fetch("acme", {**settings, "prefix": "exports/acme/"}).file_name == "budget.csv"


def test_misspelt_key_settings_fail_the_sync_naming_the_right_ones(bucket):
    """A block stored before `sources apply` checked keys: not the default credential chain, but this."""
    _, settings = bucket
    typo = {**settings, "access_key_id_env": "ACME_AWS_KEY_ID", "secret_access_key_env": "ACME_AWS_SECRET"}
    with pytest.raises(SourceError) as err:
        s3.list_files("acme", typo)
    assert "unknown setting 'source.access_key_id_env' for a s3 source (did you mean access_key_env?)" in str(
        err.value
    )
    assert "did you mean secret_key_env?" in str(err.value) and err.value.retryable is False
