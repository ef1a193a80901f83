"""File-drop sensors: each new complete file starts exactly one run of exactly its customer."""

from __future__ import annotations

import time

import dagster as dg

from budget_sync.defs.sensors.file_drops import FILE_DROP_SENSORS
from budget_sync_tests.defs.conftest import departments, local_customer, write_budget
from budget_sync_tests.sources_drop.conftest import moto_s3, sshd  # noqa: F401  (session fixtures)

SENSORS = {s.name: s for s in FILE_DROP_SENSORS}


class Poller:
    """Ticks one sensor like the daemon does, carrying the cursor from tick to tick."""

    def __init__(self, name, instance, resources):
        self.sensor, self.instance, self.resources, self.cursor = SENSORS[name], instance, resources, None

    def tick(self) -> list[dg.RunRequest]:
        context = dg.build_sensor_context(
            instance=self.instance, resources=self.resources, cursor=self.cursor
        )
        result = self.sensor(context)
        if isinstance(result, dg.SkipReason):
            return []
        self.cursor = result.cursor
        return list(result.run_requests)


def files_of(requests) -> list[tuple[str, str]]:
    return [(r.partition_key, r.run_config["ops"]["customer_sync"]["config"]["file_name"]) for r in requests]


def test_each_new_stable_file_starts_one_run_of_its_customer(tmp_path, add_customers, instance, resources):
    acme, globex = tmp_path / "acme", tmp_path / "globex"
    write_budget(acme, "old.csv", departments(2), mtime=time.time() - 3600)
    globex.mkdir()
    add_customers(local_customer("acme", acme), local_customer("globex", globex))
    poller = Poller("local_file_drops", instance, resources)

    assert poller.tick() == []  # first look: the newest file is noted, not yet known to be complete
    assert files_of(poller.tick()) == [("acme", "old.csv")]  # never synced: its newest file is taken
    assert poller.tick() == []

    write_budget(globex, "budget.csv", departments(3))
    (globex / "next.csv.part").write_text("Department,Fiscal", encoding="utf-8")
    (globex / ".hidden.csv").write_text("x", encoding="utf-8")
    assert poller.tick() == []  # seen once: it may still be being written
    requests = poller.tick()
    assert files_of(requests) == [("globex", "budget.csv")]
    assert (
        requests[0].run_key.startswith("drop:globex:")
        and requests[0].tags["budget_sync/customer"] == "globex"
    )
    assert poller.tick() == [] and poller.tick() == []


def test_a_file_still_growing_is_not_taken(tmp_path, add_customers, instance, resources):
    drop = tmp_path / "acme"
    drop.mkdir()
    add_customers(local_customer("acme", drop))
    poller = Poller("local_file_drops", instance, resources)
    assert poller.tick() == []
    path = write_budget(drop, "budget.csv", departments(2), mtime=time.time() - 60)

    assert poller.tick() == []
    with path.open("a", encoding="utf-8") as f:
        f.write("Dept 999,,FY2025,5.00,USD\n")
    assert poller.tick() == []  # size and mtime changed since the last poll
    assert files_of(poller.tick()) == [("acme", "budget.csv")]


def test_rewritten_file_is_taken_again_and_run_keys_differ(tmp_path, add_customers, instance, resources):
    drop = tmp_path / "acme"
    drop.mkdir()
    add_customers(local_customer("acme", drop))
    poller = Poller("local_file_drops", instance, resources)
    poller.tick()
    write_budget(drop, "budget.csv", departments(2), mtime=1_900_000_000)
    poller.tick()
    first = poller.tick()
    write_budget(drop, "budget.csv", departments(4), mtime=1_900_000_100)
    poller.tick()
    second = poller.tick()

    assert len(first) == len(second) == 1 and first[0].run_key != second[0].run_key


def test_s3_objects_written_in_the_same_second_both_start_a_run(
    moto_s3,  # noqa: F811
    add_customers,
    instance,
    resources,
    monkeypatch,
    sync,
    engine,
):
    from budget_sync.config import CustomerConfig

    monkeypatch.setenv("TEST_S3_KEY", "testing")
    monkeypatch.setenv("TEST_S3_SECRET", "testing")
    bucket = moto_s3.new_bucket()
    source = {
        "type": "s3",
        "bucket": bucket,
        "prefix": "acme/",
        "pattern": "*.csv",
        "endpoint_url": moto_s3.endpoint_url,
        "region": "us-east-1",
        "access_key_env": "TEST_S3_KEY",
        "secret_key_env": "TEST_S3_SECRET",
    }
    add_customers(CustomerConfig(id="acme", name="Acme", source=source, sync_frequency="manual"))
    poller = Poller("s3_file_drops", instance, resources)
    assert poller.tick() == []
    client = moto_s3.client()
    body = b"Department,Fiscal Period,Budget Amount\nSales,FY2025,10.00\n"
    client.put_object(Bucket=bucket, Key="acme/a.csv", Body=body)
    client.put_object(Bucket=bucket, Key="acme/b.csv", Body=body)

    assert poller.tick() == []
    requests = poller.tick()

    assert sorted(files_of(requests)) == [("acme", "a.csv"), ("acme", "b.csv")]
    assert len({r.run_key for r in requests}) == 2
    assert poller.tick() == []

    # The requested run fetches through dagster-aws's S3Resource client and lands the budget.
    from budget_sync.defs.source_clients import client_for
    from budget_sync.store.check import check_budget

    customer = CustomerConfig(id="acme", name="Acme", source=source)
    assert client_for(customer).meta.endpoint_url == moto_s3.endpoint_url
    assert sync("acme", run_config=requests[0].run_config).success
    assert check_budget(engine, "acme", "Sales", "10.00", fiscal_period="FY2025").status == "approved"


def test_sftp_drop_starts_one_run_with_the_file(sshd, add_customers, instance, resources, monkeypatch):  # noqa: F811
    from budget_sync.config import CustomerConfig

    monkeypatch.setenv("ACME_SFTP_KEY", sshd.client_key)
    folder = sshd.new_folder()
    source = sshd.settings(folder, key_env="ACME_SFTP_KEY", pattern="*.csv")
    add_customers(CustomerConfig(id="acme", name="Acme", source=source, sync_frequency="manual"))
    poller = Poller("sftp_file_drops", instance, resources)
    assert poller.tick() == []
    write_budget(folder, "budget.csv", departments(2))
    (folder / "budget2.csv.tmp").write_text("partial", encoding="utf-8")

    assert poller.tick() == []
    requests = poller.tick()

    assert files_of(requests) == [("acme", "budget.csv")]
    assert requests[0].run_config["ops"]["customer_sync"]["config"]["file_path"].endswith("budget.csv")
    assert poller.tick() == []


def test_one_unreachable_drop_does_not_stop_the_others(tmp_path, add_customers, instance, resources):
    write_budget(tmp_path / "acme", "budget.csv", departments(2))
    add_customers(local_customer("acme", tmp_path / "acme"), local_customer("broken", tmp_path / "missing"))
    poller = Poller("local_file_drops", instance, resources)

    poller.tick()

    assert files_of(poller.tick()) == [("acme", "budget.csv")]
