"""Run an Anaplan export action and download its file: start a task, poll it, fetch the file.

Task states (Integration API v2): NOT_STARTED, IN_PROGRESS, COMPLETE, CANCELLING, CANCELLED. COMPLETE
means finished, successfully or not: `result.successful` tells which, and `result.failureDumpAvailable`
says whether a dump with the failure details can be fetched.
"""

from __future__ import annotations

import logging
import time

from budget_sync.sources.anaplan.client import AnaplanClient

log = logging.getLogger(__name__)
DUMP_EXCERPT_CHARS = 600


def export_name(client: AnaplanClient) -> str:
    """The export's file name, checking the export exists (and listing the ones that do when not)."""
    cfg = client.cfg
    exports = client.get_json("list the export actions", "exports").get("exports") or []
    for export in exports:
        if str(export.get("id")) == cfg.export_id:
            return str(export.get("name") or f"{cfg.export_id}.csv")
    known = ", ".join(f"{e.get('id')} ({e.get('name')})" for e in exports[:10]) or "none"
    raise cfg.error(
        f"export action {cfg.export_id} was not found in model {cfg.model_id!r} (exports there: {known})",
        "setting export_id: the id of the export action (Anaplan > Actions > Exports), not its name",
    )


def start_export(client: AnaplanClient) -> str:
    cfg = client.cfg
    body = client.post_json("start the export", {"localeName": cfg.locale}, "exports", cfg.export_id, "tasks")
    task_id = (body.get("task") or {}).get("taskId")
    if not task_id:
        raise cfg.error(
            "Anaplan did not return a task id for the export", "the export action", retryable=True
        )
    log.info("anaplan %s: export %s started as task %s", cfg.customer_id, cfg.export_id, task_id)
    return str(task_id)


def wait_for_export(client: AnaplanClient, task_id: str) -> None:
    """Poll every `poll_interval` s until the task is done; SourceError if it failed, was cancelled or is late."""
    cfg = client.cfg
    deadline = time.monotonic() + cfg.timeout
    task_path = ("exports", cfg.export_id, "tasks", task_id)
    while True:
        task = client.get_json("check the export task", *task_path).get("task") or {}
        state = task.get("taskState")
        if state == "COMPLETE":
            return _check_result(client, task, task_path)
        if state == "CANCELLED":
            raise cfg.error(
                f"export task {task_id} was cancelled in Anaplan",
                "whether someone cancelled the export or the model was busy; the sync will try again",
                retryable=True,
            )
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            _cancel(client, task_path)
            progress = task.get("progress")
            shown = f", {progress:.0%} done" if isinstance(progress, (int, float)) else ""
            raise cfg.error(
                f"export task {task_id} did not finish within {cfg.timeout:g} s (state {state}{shown}); it was "
                "cancelled",
                "setting timeout (seconds) if the export is just slow, else the model's load in Anaplan",
                retryable=True,
            )
        time.sleep(min(cfg.poll_interval, remaining))


def _check_result(client: AnaplanClient, task: dict, task_path: tuple) -> None:
    result = task.get("result") or {}
    if result.get("successful", False):
        return
    cfg = client.cfg
    details = "; ".join(
        str(d.get("localMessageText")) for d in result.get("details") or [] if d.get("localMessageText")
    )
    message = f"export task {task_path[3]} failed in Anaplan"
    message += f": {details[:300]}" if details else f" ({task.get('currentStep') or 'no details'})"
    if result.get("failureDumpAvailable"):
        dump = client.get_bytes("fetch the failure dump", *task_path, "dump")
        excerpt = dump.decode("utf-8", "replace").strip()[:DUMP_EXCERPT_CHARS]
        message += f". Failure dump (start): {excerpt}"
    raise cfg.error(message, "the export action in Anaplan: run it by hand and fix what it reports")


def _cancel(client: AnaplanClient, task_path: tuple) -> None:
    """Ask Anaplan to stop a task we no longer wait for; failing to cancel is logged, not raised."""
    try:
        client.call("DELETE", "cancel the export task", *task_path)
    except Exception as exc:  # the timeout error is what matters
        log.warning("anaplan %s: could not cancel task %s: %s", client.cfg.customer_id, task_path[3], exc)


def download(client: AnaplanClient) -> bytes:
    """The export's file (same id as the export), chunk by chunk or whole."""
    cfg = client.cfg
    if cfg.download == "whole":
        return client.get_bytes("download the export file", "files", cfg.export_id)
    chunks = client.get_json("list the file's chunks", "files", cfg.export_id, "chunks").get("chunks") or []
    parts = [
        client.get_bytes(f"download chunk {chunk['id']}", "files", cfg.export_id, "chunks", str(chunk["id"]))
        for chunk in chunks
    ]
    log.info("anaplan %s: downloaded %d chunks", cfg.customer_id, len(parts))
    return b"".join(parts)
