"""The Dagster shell: wires partitions, resources, assets, checks, schedules and sensors around the
plain-Python core (``budget_sync.pipeline``, ``store``, ``mapping``, ``sources``). No business logic here.

The warnings filters for the Dagster features we chose deliberately are set here, before any definition
is built, so they cover the import of `budget_sync.definitions` in every process (code server, daemon).
"""

from budget_sync.defs.chosen_warnings import silence_chosen_warnings

silence_chosen_warnings()
