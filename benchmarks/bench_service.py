"""Budget service benchmark: `POST /api/budgets/check` over HTTP against PostgreSQL, beside `/healthz` of
the same server in the same run.

    .venv/bin/python benchmarks/bench_service.py [--budgets 200000] [--customers 1000] [--seconds 10]
    .venv/bin/python benchmarks/bench_service.py --budgets 1000000 --customers 1000   # the recorded size

Creates and drops its own database (budget_sync_bench_service_*) on the server in BUDGET_SYNC_BENCH_PG
(default: the local test server), migrates it, loads the budgets with COPY (40 per department: 4
sub-categories x 10 periods), then starts `budget-sync serve` in a subprocess on loopback with 1,001 API
tokens (one per customer and the `*` token the requests use). Requests ask about random customers,
departments, sub-categories, periods and dates.

1. Open loop at a fixed --rate (1,000/s) on keep-alive connections, latency from each request's due time:
   target p50 <= 2 ms and p99 <= 10 ms; `/healthz` at the same rate is the baseline.
2. Peak throughput, closed loop (wrk when installed, else Python threads) at 32 and at 128 keep-alive
   connections, /healthz and the check in alternating slices (the machine's speed drifts by a third from
   minute to minute); each path's peak is its best rate. The check's peak must be at least half of
   `/healthz`'s. At 32 connections most checks in flight wait on the database together and the server
   idles a fifth of the time: that is the check's latency, not its peak.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_check import PERIODS, SUBS, load  # noqa: E402
from bench_import import scratch_database  # noqa: E402
from loadgen import Outcome, paced, peak_python, peak_wrk, request_bytes, wrk_path  # noqa: E402

TARGET_P50_MS, TARGET_P99_MS, TARGET_PEAK_RATIO = 2.0, 10.0, 0.5
CONCURRENCY = (32, 128)  # keep-alive connections of the closed-loop runs; each path's peak is its best
SLICES = 5  # alternating slices per path and concurrency
TOKEN = "bench-service-token"
CHECK = "/api/budgets/check"


def check_bodies(customers: int, departments: int, n: int, seed: int = 11, every: bool = False) -> list[str]:
    """`n` random checks; `every`: one more per customer first (the warm-up's)."""
    rng = random.Random(seed)
    bodies = [
        json.dumps({"customerId": f"cust-{c:04d}", "department": "Department 00", "amount": "1.00"})
        for c in range(customers if every else 0)
    ]
    for _ in range(n):
        body = {
            "customerId": f"cust-{rng.randrange(customers):04d}",
            "department": f"Department {rng.randrange(departments):02d}"
            if rng.random() < 0.95
            else "Unbudgeted",
            "amount": f"{rng.randint(1, 10**6)}.{rng.randint(0, 99):02d}",
        }
        sub = rng.choice([None, *[s for s in SUBS if s], "Unknown"])
        if sub:
            body["subCategory"] = sub
        if rng.random() < 0.5:
            body["fiscalPeriod"] = rng.choice(PERIODS)
        else:
            body["date"] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        bodies.append(json.dumps(body, separators=(",", ":")))
    return bodies


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, customers: int, port: int) -> subprocess.Popen:
    tokens = " ".join([f"{TOKEN}:*", *(f"token-{c:04d}:cust-{c:04d}" for c in range(customers))])
    env = {**os.environ, "BUDGET_SYNC_DATABASE_URL": url, "BUDGET_SYNC_API_TOKENS": tokens}
    env.pop("BUDGET_SYNC_DAGSTER_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "budget_sync", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"budget-sync serve exited: {proc.stderr.read()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("budget-sync serve did not answer /healthz within 60 s")


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def describe_paced(label: str, out: Outcome) -> str:
    lat = out.latencies
    return (
        f"  {label:24} p50 {percentile(lat, 0.5):6.3f} ms  p99 {percentile(lat, 0.99):6.3f} ms  "
        f"max {max(lat) * 1000:7.2f} ms  mean {statistics.fmean(lat) * 1000:6.3f} ms  "
        f"({out.rate:,.0f}/s achieved, {out.late_sends} sent > 1 ms late; codes {dict(out.codes)})"
    )


def peak(port: int, path: str, bodies: list[str], seconds: float, use_wrk: bool, connections: int) -> Outcome:
    if use_wrk:
        return peak_wrk(port, path, TOKEN, bodies, seconds, connections)
    method = "POST" if bodies else "GET"
    requests = [request_bytes(method, path, TOKEN, b.encode()) for b in bodies] or [
        request_bytes("GET", path, TOKEN)
    ]
    return peak_python(port, requests, seconds, connections)


def peaks(port: int, bodies: list[str], seconds: float, use_wrk: bool) -> dict[tuple[str, int], Outcome]:
    """Closed-loop throughput of /healthz and of the check at each of CONCURRENCY, in SLICES alternating
    slices (healthz, check, healthz, ...) so that both see the same moments of this shared machine; each
    (path, connections) sums its slices."""
    totals: dict[tuple[str, int], Outcome] = {}
    for connections in CONCURRENCY:
        for _ in range(SLICES):
            for path, sent in (("/healthz", []), (CHECK, bodies)):
                out = peak(port, path, sent, seconds / SLICES, use_wrk, connections)
                total = totals.setdefault((path, connections), Outcome())
                total.requests += out.requests
                total.seconds += out.seconds
                total.codes.update(out.codes)
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--budgets", type=int, default=200_000, help="budgets in all (default 200,000)")
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=1000.0, help="paced requests per second")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each paced and peak run")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections, paced runs")
    parser.add_argument("--python-load", action="store_true", help="Python peak generator even with wrk")
    args = parser.parse_args()
    departments = max(1, round(args.budgets / args.customers / (len(SUBS) * len(PERIODS))))
    use_wrk = bool(wrk_path()) and not args.python_load
    with scratch_database("budget_sync_bench_service") as engine:
        started = time.perf_counter()
        count = load(engine, args.customers, [f"Department {d:02d}" for d in range(departments)])
        with engine.begin() as conn:  # registered a while ago, as in a running deployment
            conn.exec_driver_sql("UPDATE budget_sources SET updated_at = now() - interval '1 day'")
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("CHECKPOINT")  # the load's dirty pages written now, not while measuring
        print(
            f"bench_service: {count:,} budgets for {args.customers:,} customers loaded with COPY "
            f"in {time.perf_counter() - started:.1f} s"
        )
        url = engine.url.render_as_string(hide_password=False)
        port = free_port()
        server = start_server(url, args.customers, port)
        try:
            return measure(args, port, departments, use_wrk)
        finally:
            server.terminate()
            server.wait(30)


def measure(args, port: int, departments: int, use_wrk: bool) -> int:
    n = int(args.rate * args.seconds)
    bodies = check_bodies(args.customers, departments, n + 2000)
    checks = [request_bytes("POST", CHECK, TOKEN, b.encode()) for b in bodies]
    health = [request_bytes("GET", "/healthz", None)] * n
    warm = [
        request_bytes("POST", CHECK, TOKEN, b.encode())
        for b in check_bodies(args.customers, 1, 0, every=True)
    ]
    paced(port, warm + checks[n:], args.rate, args.connections)  # warm-up: connections, statements, cache
    base = paced(port, health, args.rate, args.connections)
    ours = paced(port, checks[:n], args.rate, args.connections)
    statuses = Counter(json.loads(b).get("status") for b in ours.bodies)
    generator = "wrk -t1" if use_wrk else "Python threads (wrk not found)"
    runs = peaks(port, bodies[:5000], args.seconds, use_wrk)
    peak_base = max((runs[("/healthz", c)] for c in CONCURRENCY), key=lambda o: o.rate)
    peak_ours = max((runs[(CHECK, c)] for c in CONCURRENCY), key=lambda o: o.rate)

    p50, p99 = percentile(ours.latencies, 0.5), percentile(ours.latencies, 0.99)
    ratio = peak_ours.rate / peak_base.rate
    latency_ok = p50 <= TARGET_P50_MS and p99 <= TARGET_P99_MS
    peak_ok = ratio >= TARGET_PEAK_RATIO
    errors = sum(
        v
        for out in [ours, *(runs[(CHECK, c)] for c in CONCURRENCY)]
        for k, v in out.codes.items()
        if k != 200 and v
    )
    print(
        f"  paced, open loop at {args.rate:,.0f}/s for {args.seconds:g} s, {args.connections} keep-alive connections:"
    )
    print(describe_paced("GET /healthz (baseline)", base))
    print(describe_paced(f"POST {CHECK}", ours))
    print(f"    check statuses (sample of {len(ours.bodies)}): {dict(sorted(statuses.items()))}")
    print(
        f"    check p50 = {p50 / percentile(base.latencies, 0.5):.1f} x, p99 = "
        f"{p99 / percentile(base.latencies, 0.99):.1f} x /healthz; target p50 <= {TARGET_P50_MS} ms, "
        f"p99 <= {TARGET_P99_MS} ms: {'OK' if latency_ok else 'MISSED'}"
    )
    print(
        f"  peak, closed loop, {generator}, {SLICES} alternating slices of {args.seconds / SLICES:g} s per path "
        f"at each concurrency:"
    )
    for connections in CONCURRENCY:
        for path in ("/healthz", CHECK):
            out = runs[(path, connections)]
            label = f"{'GET' if path == '/healthz' else 'POST'} {path}, {connections} connections"
            print(f"  {label:44} {out.rate:9,.0f} requests/s  codes {dict(out.codes)}")
    print(
        f"    check peak = {ratio:.2f} x /healthz peak; target >= {TARGET_PEAK_RATIO}: "
        f"{'OK' if peak_ok else 'MISSED'}"
    )
    if errors:
        print(f"  {errors} check responses were not 200: the figures are not valid")
    return 0 if latency_ok and peak_ok and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
