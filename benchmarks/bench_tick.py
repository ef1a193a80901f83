"""One schedule tick of N small customers on a Postgres-backed Dagster instance (deploy/dagster.yaml).

    .venv/bin/python benchmarks/bench_tick.py --customers 10000 --batch-size 250 --delay 0.2
    .venv/bin/python benchmarks/bench_tick.py --source local --customers 1000 --batch-size 50

Creates two throwaway PostgreSQL databases (budgets, Dagster storage) and N `hourly` customers: with
`--source sheets` (default) Google Sheets customers behind a fake Sheets API on loopback that answers
each API call after `--delay` seconds (a fetch makes two calls), with `--source local` a local drop
folder holding one small CSV each. Then:
1. times the `local_file_drops` sensor over `--sensor-customers` local drops, paged (`--sensor-page`)
   against one unpaged tick (the baseline), in the same run;
2. for sheets, times a sample of fetches one after another (the baseline: a batch before fetching ahead);
3. evaluates the `sync_hourly` schedule tick (the RunRequests, batched per source type);
4. starts `dagster-webserver` + `dagster-daemon` (queued run coordinator, default run launcher: one
   process per run) and submits the tick's runs over GraphQL, timing until every run has finished;
5. for comparison, syncs a sample of customers one run each (what an unbatched tick would do).
Prints the figures; docs/benchmarks/tick.md records them. Needs PostgreSQL at 127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tick_sources import (  # noqa: E402
    drop_customers,
    sensor_ticks,
    sequential_fetch_seconds,
    sheets_customers,
    slow_sheets,
)

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_SERVER = os.environ.get("BUDGET_SYNC_TEST_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
TERMINAL = ("SUCCESS", "FAILURE", "CANCELED")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_db(admin, name: str) -> str:
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return sa.engine.make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)


def write_customers(base: Path, prefix: str, n: int, rows: int):
    from budget_sync.config import CustomerConfig

    configs = []
    for i in range(n):
        cid = f"{prefix}{i:04d}"
        folder = base / cid
        folder.mkdir(parents=True)
        lines = "".join(f"Dept {d:02d},,FY2026,{1000 + d}.00,USD\n" for d in range(rows))
        (folder / "budget.csv").write_text(
            "Department,Sub-category,Fiscal Period,Budget Amount,Currency\n" + lines
        )
        source = {"type": "local", "path": str(folder), "pattern": "*.csv", "stable_seconds": 0}
        configs.append(CustomerConfig(id=cid, name=cid, source=source, sync_frequency="hourly"))
    return configs


def wait_until_done(instance, run_ids: list[str], timeout: float) -> dict:
    from dagster import RunsFilter

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = instance.get_runs(filters=RunsFilter(run_ids=run_ids))
        statuses = [r.status.value for r in runs]
        if len(runs) == len(run_ids) and all(s in TERMINAL for s in statuses):
            return {s: statuses.count(s) for s in set(statuses)}
        time.sleep(1)
    raise SystemExit(f"runs not finished after {timeout:.0f} s")


def failures(instance, run_ids: list[str]) -> list[str]:
    """The first failure message of each failed run (shown when a run fails, to keep the figures honest)."""
    from dagster import DagsterEventType, RunsFilter

    out = []
    for run in instance.get_runs(filters=RunsFilter(run_ids=run_ids)):
        if run.status.value == "FAILURE":
            events = instance.all_logs(
                run.run_id, of_type={DagsterEventType.STEP_FAILURE, DagsterEventType.RUN_FAILURE}
            )
            event = events[0].dagster_event if events else None
            error = getattr(getattr(event, "event_specific_data", None), "error", None) if event else None
            while error is not None and error.cause is not None:
                error = error.cause
            detail = error.message.strip().splitlines()[-1] if error and error.message else ""
            out.append(f"{events[0].message if events else 'no failure event'} {detail}".strip())
    return out


def start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=12, help="budget lines per customer file")
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument(
        "--single-sample", type=int, default=20, help="customers synced one run each (0: skip)"
    )
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--source", choices=["sheets", "local"], default="sheets")
    parser.add_argument("--delay", type=float, default=0.2, help="seconds before each fake API answer")
    parser.add_argument("--fetch-workers", type=int, default=8, help="BUDGET_SYNC_FETCH_WORKERS")
    parser.add_argument("--sequential-sample", type=int, default=20, help="fetches timed one by one")
    parser.add_argument("--sensor-customers", type=int, default=None, help="default: --customers")
    parser.add_argument("--sensor-page", type=int, default=2000, help="BUDGET_SYNC_DROP_PAGE")
    args = parser.parse_args()
    with ExitStack() as stack:
        fake = stack.enter_context(slow_sheets(args.delay)) if args.source == "sheets" else None
        run(args, fake)


def run(args, fake) -> None:

    admin = sa.create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    tag = uuid.uuid4().hex[:8]
    names = [f"bench_budgets_{tag}", f"bench_dagster_{tag}"]
    budgets_url, dagster_url = (create_db(admin, name) for name in names)
    work = Path(tempfile.mkdtemp(prefix="bench_tick_"))
    home = work / "dagster_home"
    home.mkdir()
    config = yaml.safe_load((ROOT / "deploy" / "dagster.yaml").read_text())
    config.pop("compute_logs")  # S3 in production; local files here (no S3 in this benchmark)
    (home / "dagster.yaml").write_text(yaml.safe_dump(config))
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "DAGSTER_PG_URL": dagster_url,
        "BUDGET_SYNC_DATABASE_URL": budgets_url,
        "BUDGET_SYNC_HOME": str(work / "budget_sync"),
        "BUDGET_SYNC_BATCH_SIZE": str(args.batch_size),
        "BUDGET_SYNC_FETCH_WORKERS": str(args.fetch_workers),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    os.environ.update(env)
    procs = []
    try:
        import dagster as dg
        from dagster_graphql import DagsterGraphQLClient

        from budget_sync.defs.resources import AlertDefaults, BudgetDatabase
        from budget_sync.defs.schedules import SCHEDULES
        from budget_sync.store.customers import upsert_customers
        from budget_sync.store.db import ready_engine

        engine = ready_engine(budgets_url)
        if fake is not None:
            configs = sheets_customers(fake, "c", args.customers, args.rows)
            sample = sheets_customers(fake, "s", args.single_sample, args.rows)
        else:
            configs = write_customers(work / "drops", "c", args.customers, args.rows)
            sample = write_customers(work / "drops", "s", args.single_sample, args.rows)
        n_drops = args.customers if args.sensor_customers is None else args.sensor_customers
        drops = drop_customers(work / "sensor_drops", "d", n_drops)
        upsert_customers(engine, configs + sample + drops)
        instance = dg.DagsterInstance.get()
        instance.add_dynamic_partitions("customers", [c.id for c in configs + sample])
        resources = {"budget_db": BudgetDatabase(url=budgets_url), "alert_defaults": AlertDefaults()}
        print(
            f"customers={args.customers} source={args.source} delay={args.delay if fake else 0} s "
            f"rows_each={args.rows} batch_size={args.batch_size} fetch_workers={args.fetch_workers} "
            f"cores={os.cpu_count()}"
        )
        if drops:
            unpaged, _ = sensor_ticks(instance, resources, n_drops, page=n_drops)
            paged, taken = sensor_ticks(instance, resources, n_drops, page=args.sensor_page)
            print(
                f"file-drop sensor over {n_drops} local drops: unpaged tick (baseline) {max(unpaged):.1f} s; "
                f"pages of {args.sensor_page}: {len(paged)} ticks, longest {max(paged):.1f} s, "
                f"{taken} files taken (Dagster's sensor timeout: 60 s)"
            )
        per_fetch = 0.0
        if fake is not None and args.sequential_sample:
            per_fetch = sequential_fetch_seconds(configs[: args.sequential_sample])
            print(
                f"baseline, sequential fetch: {args.sequential_sample} exports one after another, "
                f"{per_fetch:.2f} s each; a tick of {args.customers} fetching one at a time in 2 runs "
                f"(the google_sheets limit) waits {args.customers * per_fetch / 2 / 60:.1f} min on fetches alone"
            )
        hourly = next(s for s in SCHEDULES if s.name == "sync_hourly")
        at = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        t = time.perf_counter()
        context = dg.build_schedule_context(
            instance=instance, scheduled_execution_time=at, resources=resources
        )
        requests = [r for r in hourly.evaluate_tick(context).run_requests or []]
        requests = [
            r
            for r in requests
            if r.run_config["ops"]["sync_customers"]["config"]["customer_ids"][0][0] == "c"
        ]
        tick_eval = time.perf_counter() - t

        port = free_port()
        location = ["-m", "benchmarks.tick_defs"]
        procs.append(
            start(
                [str(BIN / "dagster-webserver"), *location, "-h", "127.0.0.1", "-p", str(port)],
                env,
                work / "webserver.log",
            )
        )
        procs.append(start([str(BIN / "dagster-daemon"), "run", *location], env, work / "daemon.log"))
        client = DagsterGraphQLClient("127.0.0.1", port_number=port, timeout=120)
        deadline = time.monotonic() + 120
        while True:  # until the code location has loaded
            try:
                repos = client._execute(
                    "{ repositoriesOrError { ... on RepositoryConnection { nodes { name } } } }"
                )
                if repos["repositoriesOrError"].get("nodes"):
                    break
            except Exception:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"code location not loaded after 120 s; see {work / 'webserver.log'}")
            time.sleep(1)

        t0 = time.perf_counter()
        run_ids = [
            client.submit_job_execution("sync_batch", run_config=r.run_config, tags=dict(r.tags))
            for r in requests
        ]
        statuses = wait_until_done(instance, run_ids, args.timeout)
        tick_wall = time.perf_counter() - t0
        with engine.connect() as conn:
            synced = conn.execute(
                sa.text(
                    "SELECT count(DISTINCT customer_id) FROM budget_syncs WHERE status = 'success' AND customer_id LIKE 'c%'"
                )
            ).scalar_one()
            lines = conn.execute(
                sa.text("SELECT count(*) FROM budgets WHERE customer_id LIKE 'c%'")
            ).scalar_one()

        print(f"tick evaluation (schedule function, {len(requests)} run requests): {tick_eval:.2f} s")
        print(
            f"batched tick: {len(run_ids)} runs {statuses}, {synced} customers synced, {lines} budget lines"
        )
        print(f"batched tick wall time (submit -> all runs finished): {tick_wall:.1f} s")
        print(f"  = {tick_wall / max(synced, 1) * 1000:.0f} ms per customer")
        if per_fetch:
            baseline = args.customers * per_fetch / 2
            print(
                f"  vs the sequential-fetch baseline's fetch waits alone ({baseline:.0f} s): "
                f"{baseline / tick_wall:.1f}x faster; most API calls in flight at once: {fake.most_in_flight}"
            )
        for message in failures(instance, run_ids)[:3]:
            print(f"  failed: {message}")

        if args.single_sample:
            t0 = time.perf_counter()
            single_ids = [
                client.submit_job_execution(
                    "sync_customer",
                    tags={
                        "dagster/partition": c.id,
                        "budget_sync/customer": c.id,
                        "budget_sync/source_type": c.source_type,
                    },
                )
                for c in sample
            ]
            single_statuses = wait_until_done(instance, single_ids, args.timeout)
            single_wall = time.perf_counter() - t0
            for message in failures(instance, single_ids)[:3]:
                print(f"  failed: {message}")
            per = single_wall / len(sample)
            print(
                f"one run per customer: {len(sample)} runs {single_statuses} in {single_wall:.1f} s = {per:.2f} s per customer"
            )
            print(f"  extrapolated to {args.customers} customers: {per * args.customers / 60:.1f} min")
        print(f"(work dir {work})")
    finally:
        for proc in procs:
            stop(proc)
        with admin.connect() as conn:
            for name in names:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
