"""Service writes per second (a standalone profile; `make bench` runs benchmarks/writes.py):
N processes × M progress reports through the real service
(`report_submit`) against one PostgreSQL database, with p50/p95 latency and the share of
the time spent waiting for the ledger head — the one serial point every write passes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_db \\
        python benchmarks/write_profile.py --processes 1 2 4 --writes 200

Each write is what an API request does: load the user (its scope computed afresh), then
`report_submit`. Each process reports on tasks of its own, as different units do, so the
only lock they share is the ledger head. On a machine whose cores other work shares,
writes/s and the head wait measure the machine too (a writer descheduled while it holds the
lock makes the others wait); CPU ms and queries per write are the figures of the code. An
empty database is migrated and given the demo data first (`--load-demo`); the reports it
adds are real and stay.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAD_LOCK = 'FROM "core_ledgerhead"'


@dataclass(frozen=True)
class Run:
    processes: int
    writes: int
    seconds: float
    latencies: list[float]
    head_wait: float  # seconds spent in the head's SELECT … FOR UPDATE, all processes
    cpu: float  # CPU seconds the writers' Python used, all processes
    queries: int  # SQL statements sent (transaction control not counted)

    @property
    def per_second(self) -> float:
        return self.writes / self.seconds

    def percentile(self, q: int) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]

    @property
    def head_wait_share(self) -> float:
        return self.head_wait / sum(self.latencies)


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    os.environ.setdefault("DUBAN_STATEMENT_TIMEOUT_MS", "0")
    import django

    django.setup()


def _writers() -> list[tuple[int, int]]:
    """(task id, reporter's user id) for every task still reporting whose lead unit has a
    reporter (the demo's data-entry login is made for units without one)."""
    from duban.core.choices import Role
    from duban.core.models import Membership
    from duban.demo.driving import unit_reporter
    from duban.rectification.choices import REPORTING_STATES
    from duban.rectification.models import Task

    reporters = dict(
        Membership.objects.filter(role=Role.REPORTER)
        .order_by("organization_id", "pk")
        .values_list("organization_id", "user_id")
    )
    pairs = []
    for task in Task.objects.filter(state__in=REPORTING_STATES).select_related("lead_unit"):
        user_id = reporters.get(task.lead_unit_id) or unit_reporter(task.lead_unit).pk
        pairs.append((task.pk, user_id))
    return pairs


def _prepare(load_demo: bool) -> list[tuple[int, int]]:
    from django.core.management import call_command
    from django.db import connection

    from duban.rectification.models import Task

    if connection.vendor != "postgresql":
        raise SystemExit("writes.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0)
    if not Task.objects.exists():
        if not load_demo:
            raise SystemExit("the database has no tasks: pass --load-demo or generate data")
        from duban.demo.load import load_demo as load

        load()
    pairs = _writers()
    if not pairs:
        raise SystemExit("no task is still reporting progress")
    return pairs


def _worker(pairs, writes, start, results) -> None:  # noqa: ANN001 — multiprocessing plumbing
    _setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from duban.rectification.services import report_submit

    head_wait, queries = [0.0], [0]

    def timed(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        queries[0] += 1
        if HEAD_LOCK not in sql or "FOR UPDATE" not in sql:
            return execute(sql, params, many, context)
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            head_wait[0] += time.perf_counter() - began

    users = get_user_model().objects
    latencies = []
    connection.ensure_connection()
    start.wait()
    began, cpu = time.time(), time.process_time()
    with connection.execute_wrapper(timed):
        for index in range(writes):
            task_id, user_id = pairs[index % len(pairs)]
            one = time.perf_counter()
            report_submit(
                actor=users.get(pk=user_id),
                task_id=task_id,
                narrative=f"第{index}次进展：清理完成",
                percent=index % 100,
            )
            latencies.append(time.perf_counter() - one)
    cpu = time.process_time() - cpu
    results.put((began, time.time(), latencies, head_wait[0], cpu, queries[0]))
    connection.close()


def measure(pairs: list[tuple[int, int]], *, processes: int, writes: int) -> Run:
    """`processes` processes, `writes` reports each, on disjoint tasks; timed from a common
    start to the last process's end."""
    spawn = multiprocessing.get_context("spawn")
    start, results = spawn.Barrier(processes + 1), spawn.Queue()
    shares = [pairs[i::processes] for i in range(processes)]
    if any(not share for share in shares):
        raise SystemExit(f"{len(pairs)} reporting tasks cannot be shared by {processes} processes")
    workers = [
        spawn.Process(target=_worker, args=(share, writes, start, results)) for share in shares
    ]
    for worker in workers:
        worker.start()
    start.wait()
    done = [results.get(timeout=3600) for _ in workers]
    for worker in workers:
        worker.join()
        if worker.exitcode:
            raise SystemExit(f"a writer failed with exit code {worker.exitcode}")
    return Run(
        processes=processes,
        writes=processes * writes,
        seconds=max(row[1] for row in done) - min(row[0] for row in done),
        latencies=[latency for row in done for latency in row[2]],
        head_wait=sum(row[3] for row in done),
        cpu=sum(row[4] for row in done),
        queries=sum(row[5] for row in done),
    )


def table(runs: list[Run]) -> str:
    base = runs[0].per_second
    lines = [
        "processes  writes  writes/s   p50 ms   p95 ms  head wait  × first"
        "  CPU ms/write  queries/write"
    ]
    for run in runs:
        lines.append(
            f"{run.processes:>9}  {run.writes:>6}  {run.per_second:>8.1f}"
            f"  {statistics.median(run.latencies) * 1000:>7.1f}  {run.percentile(95) * 1000:>7.1f}"
            f"  {run.head_wait_share:>8.1%}  {run.per_second / base:>7.2f}"
            f"  {run.cpu / run.writes * 1000:>12.1f}  {run.queries / run.writes:>13.1f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--writes", type=int, default=200, help="reports per process")
    parser.add_argument("--load-demo", action="store_true", help="load the demo if empty")
    args = parser.parse_args(argv)
    _setup()
    from django.db import connection

    from duban.core.models import Event

    pairs = _prepare(args.load_demo)
    connection.close()  # the writers open their own; the parent's would sit idle
    print(f"{len(pairs)} reporting tasks; {Event.objects.count()} events before", flush=True)
    runs = [measure(pairs, processes=n, writes=args.writes) for n in args.processes]
    print(table(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
