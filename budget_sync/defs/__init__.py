"""The Dagster shell: wires partitions, resources, assets, checks, schedules and sensors around the
plain-Python core (``budget_sync.pipeline``, ``store``, ``mapping``, ``sources``). No business logic here."""
