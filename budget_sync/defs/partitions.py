"""One partition per customer; the `customers` sensor keeps it equal to the active `budget_sources` rows."""

import dagster as dg

CUSTOMERS = "customers"
customers_partitions = dg.DynamicPartitionsDefinition(name=CUSTOMERS)
