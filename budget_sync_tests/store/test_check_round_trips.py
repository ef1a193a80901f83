"""check_budget on PostgreSQL sends one statement per check, whatever isolation level its pooled connection was
last given: counted on the wire by a loopback proxy in front of the test server."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from budget_sync.store.check import check_budget
from budget_sync.store.db import get_engine, release_engine
from budget_sync.store.importer import import_budgets

from .conftest import budget

pytestmark = pytest.mark.postgres


class QueryCounter:
    """A TCP proxy to the PostgreSQL server that counts the client's simple-query ('Q') messages, the one
    message psycopg2 sends per statement, and keeps their text."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.queries: list[str] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            threading.Thread(target=self._pipe, args=(server, client), daemon=True).start()
            threading.Thread(target=self._client, args=(client, server), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            sink.close()

    def _client(self, client: socket.socket, server: socket.socket) -> None:
        buffer = b""
        started = False
        try:
            while chunk := client.recv(65536):
                server.sendall(chunk)
                buffer += chunk
                while True:
                    if not started:  # the startup packet (and an SSL request) has no type byte
                        if len(buffer) < 4 or len(buffer) < struct.unpack("!I", buffer[:4])[0]:
                            break
                        size = struct.unpack("!I", buffer[:4])[0]
                        code = struct.unpack("!I", buffer[4:8])[0]
                        started = code != 80877103  # SSLRequest: the real startup packet follows
                        buffer = buffer[size:]
                        continue
                    if len(buffer) < 5 or len(buffer) < 1 + struct.unpack("!I", buffer[1:5])[0]:
                        break
                    size = 1 + struct.unpack("!I", buffer[1:5])[0]
                    if buffer[:1] == b"Q":
                        self.queries.append(buffer[5:size].rstrip(b"\0").decode())
                    buffer = buffer[size:]
        except OSError:
            pass
        finally:
            server.close()

    def close(self) -> None:
        self._listener.close()


@pytest.fixture
def counted(pg_url, pg_engine) -> Iterator[tuple[sa.Engine, QueryCounter]]:
    import_budgets(pg_engine, "acme", [budget("Ops", "FY2025", "10")])
    url = sa.engine.make_url(pg_url)
    counter = QueryCounter(url.host or "127.0.0.1", url.port or 5432)
    proxied = url.set(host="127.0.0.1", port=counter.port).render_as_string(hide_password=False)
    engine = get_engine(proxied)
    try:
        yield engine, counter
    finally:
        release_engine(proxied)
        counter.close()


def _checks_after(engine: sa.Engine, counter: QueryCounter, n: int = 3) -> list[str]:
    check_budget(engine, "acme", "Ops", 1, fiscal_period="FY2025")  # prepares on this connection
    counter.queries.clear()
    for _ in range(n):
        assert check_budget(engine, "acme", "Ops", 1, fiscal_period="FY2025").status == "approved"
    return list(counter.queries)


@pytest.mark.parametrize("level", [None, "AUTOCOMMIT", "SERIALIZABLE"])
def test_a_check_is_one_statement_after_any_isolation_level_on_its_pooled_connection(counted, level):
    engine, counter = counted
    if level:  # SQLAlchemy sets the level back on checkin: psycopg2 then holds it explicitly
        with engine.connect().execution_options(isolation_level=level) as conn:
            conn.exec_driver_sql("SELECT 1")
    sent = _checks_after(engine, counter)
    assert len(sent) == 3 and all(q.startswith("EXECUTE budget_sync_check_") for q in sent), sent


def test_a_connection_keeps_its_isolation_level_after_a_check(counted):
    engine, counter = counted
    with engine.connect().execution_options(isolation_level="SERIALIZABLE") as conn:
        check_budget(conn, "acme", "Ops", 1, fiscal_period="FY2025")
        counter.queries.clear()
        assert check_budget(conn, "acme", "Ops", 1, fiscal_period="FY2025").status == "approved"
        assert len(counter.queries) == 1, counter.queries
        level = conn.exec_driver_sql("SELECT current_setting('transaction_isolation')").scalar_one()
        assert level == "serializable"
