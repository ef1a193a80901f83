"""Reading a customer's earlier materializations from the Dagster instance (header drift, sync-now)."""

import dagster as dg

PAGE = 100
MAX_RECORDS = 2000


def _plain(materialization) -> dict:
    return {key: value.value for key, value in (materialization.metadata or {}).items()}


def latest_metadata(instance, asset_key: str, partition: str) -> dict | None:
    """The metadata of the latest materialization of `asset_key` for this partition, as plain values."""
    records = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=dg.AssetKey(asset_key), asset_partitions=[partition]), limit=1
    ).records
    return _plain(records[0].asset_materialization) if records else None


def latest_value(instance, asset_key: str, partition: str, key: str):
    """The newest value of metadata `key` among this partition's materializations (newest first, up to
    MAX_RECORDS back): e.g. the last accepted mapping, which unchanged (skipped) syncs do not repeat."""
    records_filter = dg.AssetRecordsFilter(asset_key=dg.AssetKey(asset_key), asset_partitions=[partition])
    cursor, seen = None, 0
    while seen < MAX_RECORDS:
        page = instance.fetch_materializations(records_filter, limit=PAGE, cursor=cursor)
        for record in page.records:
            metadata = record.asset_materialization.metadata or {}
            if key in metadata:
                return metadata[key].value
        seen += len(page.records)
        if not page.has_more:
            return None
        cursor = page.cursor
    return None
