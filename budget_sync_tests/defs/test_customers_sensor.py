"""The customers sensor keeps the partitions equal to budget_sources and starts first syncs."""

import dagster as dg

from budget_sync.defs.sensors.customers import customers_sensor
from budget_sync_tests.defs.conftest import local_customer


def evaluate(instance, resources):
    result = customers_sensor(dg.build_sensor_context(instance=instance, resources=resources))
    return result if isinstance(result, dg.SensorResult) else dg.SensorResult(run_requests=[])


def test_added_customers_get_a_partition_and_a_first_sync(
    tmp_path, engine, add_customers, instance, resources
):
    from budget_sync.store.customers import remove_customers

    add_customers(local_customer("acme", tmp_path), local_customer("globex", tmp_path, "manual"))

    result = evaluate(instance, resources)

    assert sorted(r.partition_key for r in result.run_requests) == ["acme", "globex"]
    assert all(r.tags["budget_sync/trigger"] == "first_sync" for r in result.run_requests)
    added = result.dynamic_partitions_requests[0]
    assert sorted(added.partition_keys) == ["acme", "globex"]
    instance.add_dynamic_partitions("customers", list(added.partition_keys))

    assert not evaluate(instance, resources).run_requests

    remove_customers(engine, ["globex"])
    result = evaluate(instance, resources)

    assert not result.run_requests
    assert isinstance(result.dynamic_partitions_requests[0], dg.DeleteDynamicPartitionsRequest)
    assert list(result.dynamic_partitions_requests[0].partition_keys) == ["globex"]


def test_onboarding_many_customers_batches_their_first_syncs(
    tmp_path, add_customers, instance, resources, monkeypatch
):
    monkeypatch.setenv("BUDGET_SYNC_BATCH_SIZE", "2")
    add_customers(*(local_customer(f"c{i}", tmp_path) for i in range(3)))

    result = evaluate(instance, resources)

    assert [r.job_name for r in result.run_requests] == ["sync_batch", "sync_batch"]
    ids = [r.run_config["ops"]["sync_customers"]["config"]["customer_ids"] for r in result.run_requests]
    assert ids == [["c0", "c1"], ["c2"]]
    assert sorted(result.dynamic_partitions_requests[0].partition_keys) == ["c0", "c1", "c2"]
