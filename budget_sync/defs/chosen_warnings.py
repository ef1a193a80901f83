"""Dagster warnings about what we chose deliberately, silenced by exact message (docs/operations.md,
"Warnings at start-up"). Anything else Dagster warns about stays visible.

- PreviewWarning "Specifying a partitions_def on an AssetCheckSpec": the `sync_guard` and `control_totals`
  checks are partitioned so they load the run's customer's output, not every partition's
  (docs/architecture.md, Checks).
- BetaWarning "Parameter `owners` of initializer `SensorDefinition.__init__`": raised by Dagster itself
  when `Definitions` binds resources to our sensors' jobs (`SensorDefinition.with_updated_jobs` passes
  `owners` on); we set no owners.
"""

from __future__ import annotations

import warnings

CHOSEN = (
    ("PreviewWarning", r"Specifying a partitions_def on an AssetCheckSpec"),
    ("BetaWarning", r"Parameter `owners` of initializer `SensorDefinition\.__init__`"),
)


def silence_chosen_warnings() -> None:
    import dagster as dg

    for category, message in CHOSEN:
        warnings.filterwarnings("ignore", message=message, category=getattr(dg, category))
