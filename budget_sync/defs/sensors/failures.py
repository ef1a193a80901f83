"""Which customers a failed sync run failed, and why, in the words the alerts use."""

from budget_sync.defs.batch_op import failed_customers_of


def plain_reason(step_failure_events, fallback: str = "") -> str:
    """The first failure's message without Python noise: our errors already read as sentences."""
    for event in step_failure_events:
        data = event.step_failure_data
        if data.user_failure_data and data.user_failure_data.description:
            return data.user_failure_data.description
        if data.error:
            error = data.error.cause or data.error
            message = (error.message or "").strip().splitlines()
            if message:
                text = message[0]
                prefix = text.split(":", 1)
                # "budget_sync.errors.SourceError: local source of ..." -> the sentence after the class name
                if len(prefix) == 2 and "Error" in prefix[0] and " " not in prefix[0].strip():
                    text = prefix[1].strip()
                return text
    return fallback or "the sync run failed"


def is_sync_run(run) -> bool:
    """A customer sync: the batch job, or any run with a customer partition. The sync assets are the only
    partitioned ones, so this covers `sync_customer`, sensors' runs and Materialize in the UI (`__ASSET_JOB`)."""
    return run.job_name == "sync_batch" or bool(run.tags.get("dagster/partition"))


def failed_customers(run, step_failure_events, fallback: str = "") -> dict[str, str]:
    """{customer id: reason}: the partition of a single-customer run, the listed ones of a batch run."""
    if not is_sync_run(run):
        return {}
    batch = failed_customers_of(step_failure_events)
    if batch:
        return batch
    partition = run.tags.get("dagster/partition")
    if not partition:
        return {}
    return {partition: plain_reason(step_failure_events, fallback)}
