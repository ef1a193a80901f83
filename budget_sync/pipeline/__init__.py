"""One customer's sync without Dagster: fetch -> keep raw -> map -> import, as stages and all-in-one.

The Dagster assets call the stages (`fetch`, `keep_raw`, `unchanged_since_last_sync`, `map_raw`,
`import_mapped`); the CLI (`sync`, `upload`, `sources test`) and the demo call `run_sync`.
"""

from budget_sync.pipeline.customers_file import ApplyResult, apply_customers_file
from budget_sync.pipeline.importing import import_mapped, record_failure, record_skip
from budget_sync.pipeline.raw_files import keep_raw, raw_from_file
from budget_sync.pipeline.result import CONTRACT_KEYS, result_json
from budget_sync.pipeline.run import SyncFailed, SyncOutcome, run_sync
from budget_sync.pipeline.stages import fetch, map_raw, mapping_config, unchanged_since_last_sync
from budget_sync.pipeline.summary import summary_lines

__all__ = [
    "CONTRACT_KEYS",
    "ApplyResult",
    "SyncFailed",
    "SyncOutcome",
    "apply_customers_file",
    "fetch",
    "import_mapped",
    "keep_raw",
    "map_raw",
    "mapping_config",
    "raw_from_file",
    "record_failure",
    "record_skip",
    "result_json",
    "run_sync",
    "summary_lines",
    "unchanged_since_last_sync",
]
