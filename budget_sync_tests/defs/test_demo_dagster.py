"""`make demo` through Dagster: the sample customers' partitions are materialized on a real instance."""

import dagster as dg

from budget_sync.defs.history import latest_metadata


def test_demo_materializes_every_sample_customer(tmp_path, monkeypatch):
    from budget_sync.demo import run_demo

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BUDGET_SYNC_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("BUDGET_SYNC_DATABASE_URL", raising=False)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    lines = []

    assert run_demo(via_dagster=True, out=lines.append) == 0

    instance = dg.DagsterInstance.from_config(str(tmp_path / "dagster_home"))
    assert sorted(instance.get_dynamic_partitions("customers")) == ["acme", "globex", "initech"]
    for customer_id in ("acme", "globex", "initech"):
        assert latest_metadata(instance, "budget_table", customer_id)["created"] > 0
    assert any("approved" in line for line in lines)
