"""HTTP/1.1 load generators for bench_service: keep-alive connections on raw sockets (no client library in
the measured path).

- `paced`: open loop at a fixed rate. Request i is due at start + i / rate; each worker thread owns one
  keep-alive connection, takes the next due request, sleeps until it is due (time.sleep, microsecond
  precision) and sends it. Latency runs from the due time, so a server that falls behind is charged for
  the requests waiting on it (no coordinated omission).
- `peak_wrk`: closed loop with wrk (C, a Lua script for the POST bodies) when it is installed.
- `peak_python`: the same closed loop on Python threads, the fallback without wrk; the generator then
  shares the GIL and a core with itself, so it understates the faster endpoint more than the slower.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)  # seconds, paced runs only
    codes: Counter = field(default_factory=Counter)
    bodies: list[bytes] = field(default_factory=list)  # a sample of response bodies
    requests: int = 0
    seconds: float = 0.0
    late_sends: int = 0  # paced: sent more than 1 ms after their due time

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def request_bytes(method: str, path: str, token: str | None, body: bytes = b"") -> bytes:
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if token:
        head.append(f"Authorization: Bearer {token}")
    if body or method == "POST":
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class Connection:
    """One keep-alive connection; `exchange` sends a request and reads the whole response."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def exchange(self, request: bytes) -> tuple[int, bytes]:
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(rest) < length:
            self.buffer = rest
            self._fill()
            rest = self.buffer
        self.buffer = rest[length:]
        return int(head[9:12]), rest[:length]

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk

    def close(self) -> None:
        self.sock.close()


def paced(port: int, requests: list[bytes], rate: float, connections: int = 16) -> Outcome:
    """Send `requests` in order at `rate` per second; returns latencies from each request's due time."""
    outcome = Outcome()
    lock = threading.Lock()
    next_index = iter(range(len(requests)))
    conns = [Connection(port) for _ in range(connections)]
    start = time.perf_counter() + 0.05

    def work(conn: Connection) -> None:
        clock, sleep = time.perf_counter, time.sleep
        latencies, codes, late = [], Counter(), 0
        while True:
            with lock:
                i = next(next_index, None)
            if i is None:
                break
            due = start + i / rate
            wait = due - clock()
            if wait > 0:
                sleep(wait)
            elif wait < -0.001:
                late += 1
            code, body = conn.exchange(requests[i])
            latencies.append(clock() - due)
            codes[code] += 1
            if i % 97 == 0:
                outcome.bodies.append(body)
        with lock:
            outcome.latencies += latencies
            outcome.codes.update(codes)
            outcome.late_sends += late

    threads = [threading.Thread(target=work, args=(c,)) for c in conns]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.seconds = time.perf_counter() - start
    outcome.requests = len(requests)
    for conn in conns:
        conn.close()
    return outcome


def peak_python(port: int, requests: list[bytes], seconds: float, connections: int = 32) -> Outcome:
    outcome = Outcome()
    lock = threading.Lock()
    conns = [Connection(port) for _ in range(connections)]
    stop = time.perf_counter() + seconds

    def work(n: int, conn: Connection) -> None:
        codes, count, clock = Counter(), 0, time.perf_counter
        while clock() < stop:
            code, _ = conn.exchange(requests[(n + count * connections) % len(requests)])
            codes[code] += 1
            count += 1
        with lock:
            outcome.codes.update(codes)
            outcome.requests += count

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(n, c)) for n, c in enumerate(conns)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.seconds = time.perf_counter() - started
    for conn in conns:
        conn.close()
    return outcome


def wrk_path() -> str | None:
    return shutil.which("wrk")


WRK_BODIES = """
local bodies = {%s}
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer %s"}
local i = 0
request = function()
  i = i + 1
  local body = bodies[(i %% #bodies) + 1]
  if body == "" then return wrk.format("GET", "%s", headers) end
  return wrk.format("POST", "%s", headers, body)
end
"""


def peak_wrk(port: int, path: str, token: str, bodies: list[str], seconds: float, connections: int = 32):
    """wrk closed loop on one thread (the machine has 2 cores: server and database need the rest).
    An empty `bodies` list means GET requests."""
    quoted = ", ".join(_lua_string(b) for b in bodies) if bodies else '""'
    script = WRK_BODIES % (quoted, token, path, path)
    with tempfile.TemporaryDirectory() as folder:
        lua = Path(folder) / "bodies.lua"
        lua.write_text(script, encoding="utf-8")
        run = subprocess.run(
            [
                wrk_path() or "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{seconds:g}s",
                "-s",
                str(lua),
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    outcome = Outcome()
    found = re.search(r"(\d+) requests in ([\d.]+)(m?s)", run.stdout)
    if not found:
        raise RuntimeError(f"cannot read wrk's output:\n{run.stdout}{run.stderr}")
    outcome.requests = int(found.group(1))
    outcome.seconds = float(found.group(2)) / (1000 if found.group(3) == "ms" else 1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", run.stdout)
    failed = int(errors.group(1)) if errors else 0
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", run.stdout)
    if sockets:
        outcome.codes["socket errors"] = sum(int(n) for n in sockets.groups())
    outcome.codes.update({200: outcome.requests - failed, "non-2xx": failed})
    return outcome


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
