"""API clients the Dagster shell builds from integration resources and hands to the connectors."""

from budget_sync.config import CustomerConfig


def s3_client(customer_id: str, source: dict):
    """A boto3 S3 client from dagster-aws's S3Resource, configured from the customer's own `source:`
    settings (region, endpoint_url, keys read from the env vars it names)."""
    from dagster_aws.s3 import S3Resource

    from budget_sync.sources.s3_client import resource_config

    return S3Resource(**resource_config(customer_id, source)).get_client()


def client_for(customer: CustomerConfig):
    """The client to pass to the customer's connector, or None when the connector builds its own."""
    return s3_client(customer.id, customer.source) if customer.source_type == "s3" else None


def list_files_for(source_type: str):
    """The connector's `list_files`, given the resource-built client where the connector takes one."""
    from budget_sync.sources import connector

    list_files = connector(source_type).list_files
    if source_type != "s3":
        return list_files
    return lambda customer_id, source: list_files(customer_id, source, client=s3_client(customer_id, source))
