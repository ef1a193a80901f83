"""Service fixtures: the real app on uvicorn on a loopback port, over a real database (SQLite and
PostgreSQL), with customers whose `local` source is a folder the tests write CSV exports into."""

from __future__ import annotations

import csv
import socket
import threading
import time

import pytest
import requests
import uvicorn

from budget_sync.config import parse_customers
from budget_sync.pipeline import apply_customers_file
from budget_sync.service import create_app
from budget_sync.store.db import ready_engine

HEADER = ("Department", "Sub-category", "Fiscal Period", "Budget Amount", "Currency")
ROWS = [
    ("Marketing", "Events", "FY2025-Q1", "1000.10", "USD"),
    ("Marketing", "Ads", "FY2025-Q1", "500.00", "USD"),
    ("Sales", "Travel", "FY2025-Q1", "500.00", "USD"),
]
TOKENS = "all-token:* acme-token:acme both-token:acme,globex"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """uvicorn serving the app in a thread; `url` is its loopback address."""

    def __init__(self, app):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("BUDGET_SYNC_HOME", str(folder))
    monkeypatch.delenv("BUDGET_SYNC_RAW_DIR", raising=False)
    monkeypatch.delenv("BUDGET_SYNC_DAGSTER_URL", raising=False)
    return folder


@pytest.fixture
def engine(db_url, home, monkeypatch):
    monkeypatch.setenv("BUDGET_SYNC_DATABASE_URL", db_url)
    engine = ready_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def drops(tmp_path):
    class Drops:
        root = tmp_path / "drops"

        def write(self, customer: str, rows, name: str = "budget.csv"):
            folder = self.root / customer
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            with path.open("w", newline="") as handle:
                csv.writer(handle).writerows([HEADER, *rows])
            return path

    return Drops()


@pytest.fixture
def register(engine, drops):
    """Register customers with a local source on drops/<id>; extra settings apply to each."""

    def apply(*ids: str, source: dict | None = None, **settings):
        entries = [
            {
                "id": cid,
                "name": f"{cid.title()} Corp",
                "source": source or {"type": "local", "path": str(drops.root / cid), "stable_seconds": 0},
                "sync_frequency": "manual",
                **settings,
            }
            for cid in ids
        ]
        return apply_customers_file(engine, parse_customers({"customers": entries}))

    return apply


@pytest.fixture
def server(engine):
    with Server(create_app(engine, tokens=TOKENS, dagster_url="")) as running:
        yield running


class Client:
    def __init__(self, url: str, token: str | None = "all-token"):
        self.url, self.session = url, requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **kw):
        return self.session.get(self.url + path, timeout=30, **kw)

    def post(self, path: str, **kw):
        return self.session.post(self.url + path, timeout=30, **kw)


@pytest.fixture
def client(server):
    return Client(server.url)


@pytest.fixture
def as_token(server):
    return lambda token: Client(server.url, token)
