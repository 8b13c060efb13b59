"""`make bench`: fill (or reuse) the benchmark database, measure, print one table.

    python -m benchmarks.run

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/duban_bench),
BENCH_SCALE (national; province or a number for a quicker run), BENCH_SEED (1), BENCH_RUNS
(timed requests per page, 20), BENCH_BUDGET (seconds per page before stopping early, 5),
BENCH_WRITES (reports per writing process, 100), BENCH_PROCESSES (4), BENCH_ONLY (a comma
list of sections: pages, stats, workbook, verify, writes, daily). The table is also written
to benchmarks/results/latest.md, and the query counts to results/<scale>.json so a run at
another scale can say which counts grew with the data. Everything is measured on a copy of the
generated database, after the daily job's first run over its history (when `daily` is run).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks import database
from benchmarks.report import Results, render

RESULTS = Path(__file__).resolve().parent / "results"
SECTIONS = ("pages", "stats", "workbook", "verify", "writes", "daily")


def _setting(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _progress(line: str) -> None:
    print(f"  {line}", file=sys.stderr, flush=True)


def main() -> int:
    url = database.database_url()
    scale = _setting("BENCH_SCALE", "national")
    seed = int(_setting("BENCH_SEED", "1"))
    runs = int(_setting("BENCH_RUNS", "20"))
    budget = float(_setting("BENCH_BUDGET", "5"))
    writes = int(_setting("BENCH_WRITES", "100"))
    processes = int(_setting("BENCH_PROCESSES", "4"))
    sections = set(_setting("BENCH_ONLY", ",".join(SECTIONS)).split(","))
    data_dir = tempfile.mkdtemp(prefix="duban-bench-")

    started = time.perf_counter()
    filled_by = database.prepare(url, scale=scale, seed=seed, data_dir=data_dir)
    results = Results(scale=scale, filled_by=filled_by, fill_s=time.perf_counter() - started)
    # Everything below writes (the daily job, the service writes), or reads what the daily job
    # writes (signals, notices): on a copy, so the generated data set is reused as it is.
    _progress("copying the data set")
    with database.copy_of(url) as copy:
        os.environ["DATABASE_URL"] = copy
        os.environ["DUBAN_DATA_DIR"] = data_dir
        from duban.cli import setup_django

        setup_django()
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's host, and mail kept in memory
        from benchmarks.jobs import daily_job

        if "daily" in sections:
            _progress("daily job (duban scan): the first run over the generated history")
            results.daily.append(("first run", daily_job(database_url=copy, data_dir=data_dir)))
        measure_copy(results, sections, copy, data_dir, runs=runs, budget=budget)
        if "writes" in sections:
            from benchmarks.writes import run_writes

            for count in (1, processes):
                _progress(f"service writes, {count} process(es) × {writes}")
                results.writes.append(run_writes(copy, processes=count, per_process=writes))
        if "daily" in sections:
            _progress("daily job (duban scan): the next day")
            tomorrow = date.today() + timedelta(days=1)
            next_day = daily_job(database_url=copy, data_dir=data_dir, today=tomorrow)
            results.daily.append(("next day", next_day))
        from django.db import connections

        connections.close_all()  # the copy is dropped next

    results.previous = _previous_queries(scale)
    table = render(results)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(table, encoding="utf-8")
    (RESULTS / f"{scale}.json").write_text(
        json.dumps(results.queries(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return 0


def measure_copy(
    results: Results, sections: set[str], copy: str, data_dir: str, *, runs: int, budget: float
) -> None:
    """Pages, statistics, the workbook and the ledger walk, in this process; audit verify as
    a process of its own."""
    from benchmarks.pages import bench_users, measure_user

    users = bench_users()
    results.counts = _counts()
    if "pages" in sections:
        for label, user in users.items():
            _progress(f"pages as {label} ({user.username})")
            results.pages += measure_user(
                label, user, runs=runs, budget_s=budget, progress=_progress
            )
    if "stats" in sections:
        from benchmarks.stats_sql import compare

        _progress("statistics vs hand-written SQL")
        results.stats = compare(users["national"])
    if "workbook" in sections:
        from benchmarks.jobs import workbook_round_trip

        _progress("workbook export, raw parse, no-change re-import")
        results.workbook = workbook_round_trip()
    if "verify" in sections:
        from benchmarks.jobs import audit_verify, verify_walk

        _progress("duban audit verify, and the same walk in this process")
        results.verify = audit_verify(database_url=copy, data_dir=data_dir)
        results.verify_walk = verify_walk()


def _counts() -> dict[str, int]:
    from duban.core.models import Event
    from duban.inspections.models import Problem
    from duban.rectification.models import Claim, ProgressReport, Task

    models: dict[str, Any] = {
        "problems": Problem,
        "tasks": Task,
        "reports": ProgressReport,
        "claims": Claim,
        "events": Event,
    }
    return {name: model.objects.count() for name, model in models.items()}


def _previous_queries(scale: str) -> tuple[str, dict[str, int]] | None:
    """The query counts of the newest run at another scale, if one was kept."""
    others = sorted(
        (path for path in RESULTS.glob("*.json") if path.stem != scale),
        key=lambda path: path.stat().st_mtime,
    )
    if not others:
        return None
    return others[-1].stem, json.loads(others[-1].read_text(encoding="utf-8"))


if __name__ == "__main__":
    sys.exit(main())
