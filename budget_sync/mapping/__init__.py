"""The mapping engine: any budget export in, canonical budgets out, with the decisions explained.

Plain Python (no Dagster). Entry points: map_file, map_rows, map_export; header_drift compares mappings.
"""

from budget_sync.mapping.engine import map_export, map_file, map_rows, map_table
from budget_sync.mapping.fingerprint import fingerprint, header_drift
from budget_sync.mapping.result import MappingResult

__all__ = ["MappingResult", "fingerprint", "header_drift", "map_export", "map_file", "map_rows", "map_table"]
