"""`budget-sync serve [--host 127.0.0.1] [--port 8080]`: the budget service for the spend app (HTTP API,
OpenAPI at /openapi.json, status pages). Tokens: BUDGET_SYNC_API_TOKENS; Dagster: BUDGET_SYNC_DAGSTER_URL."""

from __future__ import annotations


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the budget service (HTTP API and status pages)",
        description="Serve the budget API (sync now, status, history, budget check, notifications) and the "
        "customers' status pages. Bearer tokens come from BUDGET_SYNC_API_TOKENS ('token:*' or "
        "'token:acme,globex', space separated); with BUDGET_SYNC_DAGSTER_URL syncs run through Dagster.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    import gc
    import os
    import sys

    import uvicorn

    from budget_sync.service import create_app
    from budget_sync.service.context import DB_THREADS
    from budget_sync.store.db import ready_engine

    app = create_app(ready_engine(pool_size=DB_THREADS + 2))
    if not os.environ.get("BUDGET_SYNC_API_TOKENS", "").strip():
        print("budget-sync: BUDGET_SYNC_API_TOKENS is empty: every API call will answer 401", file=sys.stderr)
    # Everything loaded so far lives as long as the server: keep it out of the collector's full passes,
    # which otherwise walk every SQLAlchemy and Alembic object now and then (tens of ms at p99).
    gc.freeze()
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="warning")
    return 0
