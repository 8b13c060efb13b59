"""List and detail endpoints run a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core import clock
from duban.core.models import Region
from duban.core.principal import SYSTEM
from duban.inspections.models import Problem
from duban.inspections.services import problem_create
from duban.rectification.models import Task
from duban.rectification.services import report_submit, scan, task_create
from tests.clients import client_for
from tests.factories import Workflow, make_organization, make_person, make_workflow
from tests.rectification.cast import drive

pytestmark = pytest.mark.django_db


def add_tasks(w: Workflow, count: int) -> None:
    """More tasks of the workflow's problem, each with a co-unit and its own people."""
    start = Task.objects.filter(problem=w.problem).count() + 1
    for number in range(start, start + count):
        unit = make_organization(f"协办单位{number}", parent=w.housing)
        task_create(
            actor=SYSTEM,
            problem=w.problem,
            number=number,
            title=f"任务{number}",
            measures="m",
            target="t",
            kind="deadline",
            lead_unit=w.housing,
            responsible_person=make_person(f"责任人{number}", organization=unit),
            supervising_leader=make_person(f"领导{number}", organization=unit),
            co_units=[unit, w.sibling],
            acceptance_level="city",
            deadline=clock.today() + timedelta(days=30 + number),
        )


def add_problems(w: Workflow, count: int) -> None:
    start = Problem.objects.count() + 1
    for number in range(start, start + count):
        problem_create(
            actor=SYSTEM,
            code=f"HN-LK-{number:02d}",
            source="feedback",
            title=f"问题{number}",
            description="d",
            region=Region.objects.get(code="430212"),
            plan=w.plan,
            categories=["water", "air"],
        )


def add_reports(w: Workflow, count: int) -> None:
    for index in range(count):
        report_submit(actor=w.reporter, task_id=w.task.pk, narrative=f"第{index}次", percent=5)


def add_notified_tasks(w: Workflow, count: int) -> None:
    """Tasks due within the week, then a scan that warns the unit about them."""
    add_tasks(w, count)
    scan(today=clock.today() + timedelta(days=30))


def rows(body: dict[str, Any]) -> int:
    for key in ("count", "task_count"):
        if key in body:
            return int(body[key])
    return len(body["tasks"])


@pytest.mark.parametrize(
    ("path", "grow", "existing"),
    [
        ("/api/tasks?limit=100", add_tasks, 1),
        ("/api/problems/HN-ZZ-01", add_tasks, 1),
        ("/api/problems?limit=100", add_problems, 1),
        ("/api/tasks/{task}/reports?limit=100", add_reports, 0),
        ("/api/inbox", add_notified_tasks, 1),
    ],
    ids=["tasks", "problem-detail", "problems", "reports", "inbox"],
)
def test_same_queries_for_2_and_for_20_rows(db, path, grow, existing):
    w = make_workflow()
    drive(w, "acknowledge")
    url = path.format(task=w.task.pk)
    client = client_for(w.reviewer if "problems" in path else w.reporter)
    measured = []
    for target in (2, 20):
        grow(w, target - existing)
        existing = target
        client.get(url)  # session, user and scope are warm
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content
        assert rows(response.json()) == target
        measured.append(len(captured))
    assert measured[0] == measured[1]


def test_task_detail_queries_do_not_grow_with_co_units(db):
    w = make_workflow()
    client = client_for(w.reviewer)
    url = f"/api/tasks/{w.task.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    w.task.co_units.set([make_organization(f"协办{n}", parent=w.housing) for n in range(10)])
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).json()["co_units"]) == 10
    assert len(few) == len(many)
