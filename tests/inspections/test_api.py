"""What /api/problems answers: the list with its filters and the detail with the plan clock
(who may call it: tests/inspections/test_permissions.py)."""

from __future__ import annotations

from datetime import date

import pytest

from duban.core.models import Region
from duban.core.principal import SYSTEM
from duban.inspections.rules import plan_due_on
from duban.inspections.services import problem_create
from tests.clients import client_for

pytestmark = pytest.mark.django_db


def test_problem_list_and_detail_with_plan_clock(workflow, settings):
    w = workflow
    settings.DUBAN_TODAY = date(2021, 7, 1)
    problem_create(
        actor=SYSTEM,
        code="HN-ZZ-02",
        source="feedback",
        title="<b>渌江</b>水质下降",
        description="d",
        region=Region.objects.get(code="430212"),
        plan=w.plan,
        categories=["water", "ecology"],
        feedback_on=date(2021, 4, 30),
    )
    reviewer = client_for(w.reviewer)
    listed = reviewer.get("/api/problems").json()
    assert [(p["code"], p["task_count"]) for p in listed["items"]] == [
        ("HN-ZZ-01", 1),
        ("HN-ZZ-02", 0),
    ]
    assert reviewer.get("/api/problems?category=ecology").json()["count"] == 1
    assert reviewer.get("/api/problems?region=430212").json()["count"] == 1
    assert reviewer.get("/api/problems?q=渌江").json()["count"] == 1
    detail = reviewer.get("/api/problems/HN-ZZ-02").json()
    due = plan_due_on(date(2021, 4, 30))
    assert detail["title"] == "<b>渌江</b>水质下降"
    assert detail["plan_clock"] == {
        "feedback_on": "2021-04-30",
        "due_on": due.due_on.isoformat(),
        "estimated": due.estimated,
        "submitted_on": None,
        "submitted_to": "",
        "submitted_in_time": False,
        "approved_on": None,
        "approved_by": "",
        "late": True,
    }
    first = reviewer.get("/api/problems/HN-ZZ-01").json()
    assert first["plan_clock"] is None
    assert [t["code"] for t in first["tasks"]] == ["HN-ZZ-01-1"]
    # The reporter sees the problem through its task; a county problem without one is hidden.
    reporter = client_for(w.reporter)
    assert [p["code"] for p in reporter.get("/api/problems").json()["items"]] == ["HN-ZZ-01"]
    assert reporter.get("/api/problems/HN-ZZ-02").json()["code"] == "problem_not_found"
