"""Reading a customer's earlier materializations from the Dagster instance (header drift, sync-now)."""

import dagster as dg


def latest_metadata(instance, asset_key: str, partition: str) -> dict | None:
    """The metadata of the latest materialization of `asset_key` for this partition, as plain values."""
    records = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=dg.AssetKey(asset_key), asset_partitions=[partition]), limit=1
    ).records
    if not records:
        return None
    materialization = records[0].asset_materialization
    return {key: value.value for key, value in (materialization.metadata or {}).items()}
