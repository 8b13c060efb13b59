"""Service writes per second: progress reports through `report_submit`, from 1 and from N
processes at once, and the share of their time spent waiting for the ledger head's row lock
(the one serial point every write passes: core.ledger.record locks it FOR UPDATE).

Each process files its reports on tasks of its own, as a reporter of the task's lead unit, so
the only lock they share is the ledger head. (Not as SYSTEM: `report_submit` as SYSTEM fails,
`submitted_by` being required — the daily job's look-back has the same fault.) Run it on a copy
of the data set: it adds reports.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import time
from dataclasses import dataclass
from typing import Any

from benchmarks.measure import percentile

Job = tuple[int, int, int]  # task id, id of the reporting user, percent to report


@dataclass(frozen=True)
class WriteRun:
    processes: int
    writes: int
    errors: int
    first_error: str
    seconds: float  # from the common start to the last process's end
    p50_ms: float
    p95_ms: float
    lock_wait_share: float  # of the processes' time, waiting for the ledger head lock

    @property
    def per_second(self) -> float:
        return self.writes / self.seconds if self.seconds else 0.0


def jobs(count: int) -> list[Job]:
    """`count` reports to file: tasks still reporting, each with a reporter of its lead unit."""
    from django.db.models import Exists, OuterRef

    from duban.core.models import Membership
    from duban.core.roles import Role
    from duban.rectification.choices import REPORTING_STATES
    from duban.rectification.models import Task

    reporter = Membership.objects.filter(organization=OuterRef("lead_unit"), role=Role.REPORTER)
    tasks = list(
        Task.objects.filter(Exists(reporter), state__in=list(REPORTING_STATES))
        .order_by("pk")
        .values_list("pk", "lead_unit_id", "percent")[:count]
    )
    reporters: dict[int, int] = {}
    for organization, user in (
        Membership.objects.filter(
            organization_id__in={unit for _, unit, _ in tasks}, role=Role.REPORTER
        )
        .order_by("pk")
        .values_list("organization_id", "user_id")
    ):
        reporters.setdefault(organization, user)
    found = [(pk, reporters[unit], percent) for pk, unit, percent in tasks]
    # Fewer tasks than reports: a task's second report is a new version, just as real.
    return [found[i % len(found)] for i in range(count)] if found else []


def _writer(database_url: str, work: list[Job], barrier: Any, results: Any) -> None:
    """One process: file `work` once every process is ready; put what it measured."""
    os.environ["DATABASE_URL"] = database_url
    from duban.cli import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from duban.rectification.services.progress import report_submit

    waited = [0.0]

    def head_lock_timer(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        # The head's read is its lock (FOR UPDATE on PostgreSQL; SQLite locks whole files).
        if "core_ledgerhead" not in sql or not sql.startswith("SELECT"):
            return execute(sql, params, many, context)
        before = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            waited[0] += time.perf_counter() - before

    connection.ensure_connection()
    users = get_user_model().objects
    latencies: list[float] = []
    errors: list[str] = []
    with connection.execute_wrapper(head_lock_timer):
        barrier.wait()
        started = time.perf_counter()
        for number, (task_id, user_id, percent) in enumerate(work, 1):
            before = time.perf_counter()
            try:
                actor = users.get(pk=user_id)  # loaded afresh, as each request does
                narrative = f"基准测试进展 第{number}次"
                report_submit(actor=actor, task_id=task_id, narrative=narrative, percent=percent)
            except Exception as error:  # reported: a refused write is a finding, not a crash
                errors.append(f"{type(error).__name__}: {error}")
            latencies.append(time.perf_counter() - before)
        elapsed = time.perf_counter() - started
    results.put((latencies, errors, elapsed, waited[0]))


def run_writes(database_url: str, *, processes: int, per_process: int) -> WriteRun:
    """`processes` processes filing `per_process` reports each, all started together."""
    work = jobs(processes * per_process)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes + 1)
    results = context.Queue()
    workers = [
        context.Process(
            target=_writer,
            args=(database_url, work[i * per_process : (i + 1) * per_process], barrier, results),
        )
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    measured = [results.get(timeout=3600) for _ in workers]
    seconds = time.perf_counter() - started
    for worker in workers:
        worker.join()
    latencies = [1000 * s for found, _, _, _ in measured for s in found]
    errors = [error for _, found, _, _ in measured for error in found]
    busy = sum(elapsed for _, _, elapsed, _ in measured)
    return WriteRun(
        processes=processes,
        writes=len(latencies) - len(errors),
        errors=len(errors),
        first_error=errors[0] if errors else "",
        seconds=seconds,
        p50_ms=statistics.median(latencies) if latencies else 0.0,
        p95_ms=percentile(latencies, 0.95) if latencies else 0.0,
        lock_wait_share=sum(wait for _, _, _, wait in measured) / busy if busy else 0.0,
    )
