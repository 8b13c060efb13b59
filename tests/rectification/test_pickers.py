"""The task picker: tasks the caller sees, named by title and lead unit."""

from __future__ import annotations

import re

import pytest

from tests.clients import client_for
from tests.factories import add_hetang_problem, make_workflow

pytestmark = pytest.mark.django_db


def offered(user, **query) -> list[str]:
    response = client_for(user).get("/pick/tasks/", query)
    assert response.status_code == 200
    return re.findall(r'data-pick-label="([^"]*)"', response.content.decode())


def test_task_picker_is_scoped_and_in_words():
    w = make_workflow()
    add_hetang_problem(w)
    assert offered(w.reporter) == ["完成老旧管网改造（株洲市住建局）"]
    assert offered(w.outsider, q="管网") == []
    assert len(offered(w.reviewer)) == 2
    assert offered(w.reviewer, q="住建局") == offered(w.reviewer)  # by the lead unit too


def test_report_form_suggests_the_tasks_metrics_with_their_units():
    from decimal import Decimal

    from duban.rectification.services import ClaimInput, report_submit, task_transition

    w = make_workflow()
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    task_transition(actor=w.reporter, task_id=w.task.pk, action="start")
    report_submit(
        actor=w.reporter,
        task_id=w.task.pk,
        narrative="第1次报送",
        percent=20,
        claims=[ClaimInput("管网改造长度", "公里", Decimal("12.5"))],
    )
    page = client_for(w.reporter).get(f"/tasks/{w.task.pk}/report/").content.decode()
    metrics = page.split('<datalist id="claim-metrics">')[1].split("</datalist>")[0]
    assert metrics == '<option value="管网改造长度" data-unit="公里">公里</option>'
    assert 'list="claim-metrics"' in page and 'list="claim-units"' in page
    units = page.split('<datalist id="claim-units">')[1].split("</datalist>")[0]
    assert units.startswith('<option value="公里"></option>') and 'value="吨"' in units
