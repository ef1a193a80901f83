"""One `sync_batch` run in process on a PostgreSQL-backed Dagster instance: where a batch's time goes.

    .venv/bin/python benchmarks/profile_batch.py --customers 100 [--profile out.prof]

Creates throwaway PostgreSQL databases (budgets, Dagster storage) and N `hourly` customers with a local
drop folder of one small CSV each, and runs the batch job once over all of them (every customer new:
three materializations and five check results each), twice: with dagster-postgres's own storage
(`storage: postgres`, the baseline) and with the storage deploy/dagster.yaml configures. Prints the wall
time of each, the events stored and the new PostgreSQL connections opened; `--profile` writes the
cProfile stats of the deploy run and prints its top entries. Needs PostgreSQL at 127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_tick import PG_SERVER, ROOT, create_db, write_customers  # noqa: E402

STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")


def deploy_storage(path: Path) -> dict:
    config = yaml.safe_load(path.read_text())
    return {key: config[key] for key in STORAGE_KEYS if key in config}


def count_connects():
    """Counts new DBAPI connections (psycopg2.connect) from here on; returns the counter."""
    import psycopg2

    counter = {"n": 0}
    real = psycopg2.connect

    def connect(*args, **kwargs):
        counter["n"] += 1
        return real(*args, **kwargs)

    psycopg2.connect = connect
    return counter


def count_statements() -> dict:
    """Counts the SQL statements sent by every engine, by database and first words."""
    from collections import Counter

    counter: Counter = Counter()

    def note(conn, cursor, statement, parameters, context, executemany):
        words = " ".join(statement.split()[:3])[:50]
        counter[(conn.engine.url.database or "", words)] += 1

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", note)
    return counter


def run_once(admin, label: str, storage: dict, args, profile: str, connects, statements) -> float:
    import dagster as dg

    from budget_sync.defs.jobs import sync_batch_job
    from budget_sync.defs.resources import AlertDefaults, BudgetDatabase
    from budget_sync.store.customers import upsert_customers
    from budget_sync.store.db import ready_engine

    tag = uuid.uuid4().hex[:8]
    names = [f"prof_budgets_{tag}", f"prof_dagster_{tag}"]
    budgets_url, dagster_url = (create_db(admin, name) for name in names)
    work = Path(tempfile.mkdtemp(prefix="profile_batch_"))
    os.environ.update(
        BUDGET_SYNC_HOME=str(work / "budget_sync"),
        BUDGET_SYNC_DATABASE_URL=budgets_url,
        DAGSTER_PG_URL=dagster_url,
    )
    try:
        engine = ready_engine(budgets_url)
        configs = write_customers(work / "drops", "c", args.customers, args.rows)
        upsert_customers(engine, configs)
        with dg.instance_for_test(overrides=storage, temp_dir=str(work)) as instance:
            instance.add_dynamic_partitions("customers", [c.id for c in configs])
            resources = {"budget_db": BudgetDatabase(url=budgets_url), "alert_defaults": AlertDefaults()}
            run_config = {"ops": {"sync_customers": {"config": {"customer_ids": [c.id for c in configs]}}}}
            profiler = cProfile.Profile() if profile else None
            statements.clear()
            before, t, cpu = connects["n"], time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            result = sync_batch_job.execute_in_process(
                run_config=run_config,
                instance=instance,
                resources=resources,
                tags={"budget_sync/trigger": "schedule"},
                raise_on_error=False,
            )
            if profiler:
                profiler.disable()
            wall, opened, cpu = time.perf_counter() - t, connects["n"] - before, time.process_time() - cpu
            n_events = len(instance.all_logs(result.run_id))
            with engine.connect() as conn:
                synced = conn.execute(
                    sa.text("SELECT count(DISTINCT customer_id) FROM budget_syncs WHERE status = 'success'")
                ).scalar_one()
            print(
                f"{label}: batch of {args.customers} success={result.success} synced={synced} "
                f"events={n_events} new_pg_connections={opened} wall={wall:.1f} s cpu={cpu:.1f} s "
                f"({wall / args.customers * 1000:.0f} ms per customer)",
                flush=True,
            )
            with sa.create_engine(dagster_url).connect() as conn:
                sizes = conn.execute(
                    sa.text(
                        "SELECT dagster_event_type, count(*), avg(length(event)) FROM event_logs "
                        "WHERE run_id = :run GROUP BY 1 ORDER BY 2 DESC"
                    ),
                    {"run": result.run_id},
                ).all()
            per_db: dict = {}
            for (database, _), n in statements.items():
                kind = "dagster" if database == names[1] else "budgets" if database == names[0] else database
                per_db[kind] = per_db.get(kind, 0) + n
            print(
                "  SQL statements per customer: "
                + ", ".join(f"{kind} {n / args.customers:.1f}" for kind, n in sorted(per_db.items()))
            )
            if args.statements:
                for (database, words), n in statements.most_common(25):
                    kind = "dagster" if database == names[1] else "budgets"
                    print(f"    {n / args.customers:5.1f} {kind:8} {words}")
            print("  stored events: " + ", ".join(f"{t} {n} x {avg:.0f} B" for t, n, avg in sizes[:6]))
            if profiler:
                profiler.dump_stats(profile)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return wall
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--rows", type=int, default=12)
    parser.add_argument("--profile", default="", help="write cProfile stats of the deploy run here")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--instance", default=str(ROOT / "deploy" / "dagster.yaml"), help="its storage is used"
    )
    parser.add_argument("--statements", action="store_true", help="list the most frequent SQL statements")
    args = parser.parse_args()
    import logging

    logging.getLogger("dagster").setLevel(logging.WARNING)  # no console line per event
    admin = sa.create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    connects, statements = count_connects(), count_statements()
    print(f"load: {os.getloadavg()[0]:.1f} (1-min average), cores={os.cpu_count()}", flush=True)
    base = None
    if not args.skip_baseline:
        plain = {"storage": {"postgres": {"postgres_url": {"env": "DAGSTER_PG_URL"}}}}
        base = run_once(admin, "baseline (storage: postgres)", plain, args, "", connects, statements)
    new = run_once(
        admin,
        "deploy/dagster.yaml storage",
        deploy_storage(Path(args.instance)),
        args,
        args.profile,
        connects,
        statements,
    )
    if base:
        print(f"deploy storage vs baseline: {base / new:.2f}x faster")
    print(f"load: {os.getloadavg()[0]:.1f} (1-min average)")


if __name__ == "__main__":
    main()
