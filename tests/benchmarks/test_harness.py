"""The benchmark harness (benchmarks/, `make bench`) on a tiny data set, so it cannot rot:
its URL list covers every page and operation, its measuring returns counts and timings, its
hand-written SQL gives the selectors' numbers, and each job's piece runs."""

from __future__ import annotations

import queue
import threading

import pytest
from django.test import Client
from django.urls import resolve

from benchmarks import routes
from benchmarks.jobs import raw_parse, run_duban, workbook_round_trip
from benchmarks.measure import SLOW_MS, Timing, measure, percentile
from benchmarks.pages import PageRow, measure_user
from benchmarks.report import Results, render
from benchmarks.stats_sql import HAND_WRITTEN, by_selector, hand_written
from benchmarks.writes import _writer, jobs
from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.inspections.models import Problem
from duban.rectification.models import ProgressReport, Task
from tests.factories import add_hetang_problem, add_problem
from tests.test_urls import operations, pages

# Every route and operation, GET or not: each is measured or excused with a reason.


def test_every_page_route_is_measured_or_excused():
    measured, excused = set(routes.PAGES), set(routes.SKIPPED_PAGES)
    assert measured & excused == set()
    assert set(pages()) - measured - excused == set(), "a page neither measured nor excused"
    assert (measured | excused) - set(pages()) == set(), "stale: no such route"


def test_every_get_operation_is_measured_or_excused():
    get_operations = {path for method, path in operations() if method == "GET"}
    measured, excused = set(routes.OPERATIONS), set(routes.SKIPPED_OPERATIONS)
    assert measured & excused == set()
    assert get_operations - measured - excused == set(), "an operation neither measured nor excused"
    assert (measured | excused) - get_operations == set(), "stale: no such GET operation"


def test_paths_are_filled_from_objects_the_user_sees(workflow):
    requests = routes.requests_for(routes.Picks(workflow.reporter))
    by_key = {request.key: request for request in requests}
    assert by_key["tasks/<int:pk>/"].path == f"/tasks/{workflow.task.pk}/"
    assert by_key["problems/<str:code>/"].path == "/problems/HN-ZZ-01/"
    assert by_key["/api/tasks"].path == "/api/tasks?limit=500"
    assert by_key["/api/tasks"].small_path == "/api/tasks?limit=10"
    assert by_key["signals/<int:pk>/"].path is None  # no signal in the scene
    assert by_key["/api/regions/{code}"].path == "/api/regions/430200"
    for request in requests:
        if request.path and not request.path.startswith("/api/"):
            resolve(request.path.split("?")[0])  # raises Resolver404 for a wrong path


def test_the_outsider_is_given_only_what_it_sees(workflow):
    hetang = add_hetang_problem(workflow)
    picks = routes.Picks(workflow.outsider)
    assert picks.problem == hetang
    assert picks.task == hetang.tasks.get()


def test_percentile_is_the_nearest_rank():
    assert percentile([float(n) for n in range(20, 0, -1)], 0.95) == 19.0
    assert percentile([float(n) for n in range(1, 21)], 0.5) == 10.0
    assert percentile([7.0], 0.95) == 7.0


def test_measure_returns_the_status_queries_and_timings(workflow):
    client = Client()
    client.force_login(workflow.reviewer)
    timing = measure(client, "/tasks/", runs=4, budget_s=60.0)
    assert timing.status == 200
    assert timing.runs == 4
    assert measure(client, "/tasks/", runs=9, budget_s=0.0).runs == 3  # over budget: three
    assert timing.queries > 0
    assert 0 < timing.p50_ms <= timing.p95_ms
    assert timing.size > 0
    refused = measure(client, "/accounts/users/", runs=4, budget_s=0.0)
    assert (refused.status, refused.runs) == (403, 0)


def test_measure_user_compares_a_list_at_two_page_sizes(workflow):
    only = {"/api/tasks", "tasks/", "signals/<int:pk>/"}
    rows = measure_user(
        "city",
        workflow.reviewer,
        runs=3,
        budget_s=0.0,
        only=lambda request: request.key in only,
    )
    by_key = {row.key: row for row in rows}
    assert set(by_key) == only
    assert by_key["/api/tasks"].small_queries == by_key["/api/tasks"].timing.queries
    assert not by_key["/api/tasks"].grows
    assert by_key["tasks/"].small_queries is None
    assert by_key["signals/<int:pk>/"].timing is None  # no object to show


@pytest.fixture
def varied(workflow):
    """Problems of two sources, two cities, two plans-or-none, in every status."""
    add_problem(workflow, "HN-ZZ-02", tasks=2)
    add_problem(workflow, "HN-ZZ-03", region="430300", source="typical_case")
    add_problem(workflow, "HN-ZZ-04", region="430202", tasks=2)
    add_hetang_problem(workflow)
    Problem.objects.filter(code="HN-ZZ-02").update(status="completed", schedule_status="done")
    Task.objects.filter(problem__code="HN-ZZ-02").update(state="upheld")
    Problem.objects.filter(code="HN-ZZ-03").update(status="closed", schedule_status="done")
    Problem.objects.filter(code="HN-ZZ-04").update(schedule_status="overdue", plan=None)
    Problem.objects.filter(code="HN-ZZ-HT").update(schedule_status="behind")
    return workflow


@pytest.mark.parametrize("name", list(HAND_WRITTEN))
def test_hand_written_sql_gives_the_selectors_numbers(varied, name):
    numbers = hand_written(name)
    assert numbers == by_selector(name, SYSTEM)
    assert sum(row[0] for row in numbers.values()) >= 5  # problems counted, not an empty match


def test_hand_written_summary_counts_each_status(varied):
    assert hand_written("summary") == {"": (5, 2, 1, 1, 1, 2, 1)}


def test_the_workbook_round_trip_changes_nothing(workflow):
    add_problem(workflow, "HN-ZZ-02", tasks=2)
    events = Event.objects.count()
    run = workbook_round_trip()
    assert run.rows == 3
    assert run.changed == 0
    assert run.export_s > 0 and run.parse_s > 0 and run.import_s > 0
    assert Event.objects.count() == events


def test_raw_parse_reads_every_cell(workflow):
    run = workbook_round_trip()
    from duban.reports.workbook.export import workbook_export

    cells = raw_parse(workbook_export(user=SYSTEM, plan=None).content)
    assert cells > run.rows * 10  # header and rows, every column


def test_writes_pick_reporting_tasks_with_a_reporter_of_their_unit(workflow):
    add_problem(workflow, "HN-ZZ-02", tasks=2)
    add_hetang_problem(workflow)  # its unit's only member is the outsider, a reporter
    Task.objects.filter(problem__code="HN-ZZ-HT").update(state="closed")  # reports no more
    found = jobs(5)
    assert len(found) == 5
    assert {user for _, user, _ in found} == {workflow.reporter.pk}
    assert found[3] == found[0]  # three tasks, so the fourth report is the first task's again


def test_a_writer_files_its_reports_and_times_the_ledger_head(workflow, monkeypatch):
    from django.conf import settings

    # The writer sets these for its own process; here the settings are loaded already.
    monkeypatch.setenv("DATABASE_URL", "")
    monkeypatch.setenv("DUBAN_STATEMENT_TIMEOUT_MS", "0")
    results: queue.Queue = queue.Queue()
    work = [
        (workflow.task.pk, workflow.reporter.pk, 10),
        (workflow.task.pk, workflow.reporter.pk, 20),
    ]
    _writer(settings.DATABASES["default"]["NAME"], work, threading.Barrier(1), results)
    latencies, errors, elapsed, waited = results.get_nowait()
    assert (len(latencies), errors) == (2, [])
    assert 0 < waited < elapsed
    assert ProgressReport.objects.filter(task=workflow.task).count() == 2


def test_run_duban_reports_the_exit_code_and_peak_memory(tmp_path):
    run = run_duban(["--help"], database_url="sqlite://", data_dir=str(tmp_path))
    assert run.returncode == 0
    assert "audit" in run.output
    # The child's own peak, measured by the kernel: not this (larger) test process's size.
    big = b"x" * (200 * 1024 * 1024)  # written, so resident
    run = run_duban(["--help"], database_url="sqlite://", data_dir=str(tmp_path))
    del big
    assert 10 < run.peak_mb < 150
    assert "peak-kb" not in run.output
    assert run.seconds > 0


def test_the_table_flags_slow_pages_and_growing_query_counts():
    fast = Timing(200, 20, 12.0, 30.0, 7, 1000)
    slow = Timing(200, 5, 90.0, SLOW_MS + 1, 7, 1000)
    results = Results(scale="2", filled_by="duban generate --scale 2", fill_s=1.0)
    results.pages = [
        PageRow("national", "tasks/", "list", "/tasks/", slow),
        PageRow("city", "tasks/", "list", "/tasks/", fast),
        PageRow("national", "/api/site-checks", "api-list", "/api/site-checks", fast, 5),
        PageRow("dept", "signals/<int:pk>/", "detail", None, None),
    ]
    results.previous = ("national", {"city tasks/": 9})
    table = render(results)
    assert "| `tasks/` | list | 90/101 ms 7q | 12/30 ms 7q |  | **SLOW** (national); " in table
    assert "queries differ at the other scale (city)" in table
    assert "**queries grow with the page**" in table
    assert "| no object |" in table
    assert "3 requests measured, 1 over 100 ms p95, 1 with a query count" in table
    assert "| every page and API list p95 ≤ 100 ms | **no** |" in table
    assert "| queries per request independent of page size | **no** |" in table
