"""The budget service (`budget-sync serve`): a thin HTTP shell (Starlette on uvicorn) over the same store and
pipeline as the CLI, for the spend app: sync now, sync status and history, the budget check with its
real-time tiers, notifications, and a server-rendered status page. See docs/architecture.md."""

from budget_sync.service.app import create_app

__all__ = ["create_app"]
