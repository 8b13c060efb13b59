"""批量签收 on the task list: each ticked task through task_transition, each on its own; a
refused task is named with its reason, an unseen one is never touched."""

from __future__ import annotations

import pytest

from duban.core.models import Event
from duban.rectification.models import Task
from duban.rectification.services import task_transition
from tests.clients import client_for
from tests.factories import add_hetang_problem, add_task

pytestmark = pytest.mark.django_db


def messages_of(client, response) -> str:
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_the_reporter_sees_boxes_only_on_tasks_they_may_acknowledge(workflow):
    w = workflow
    second = add_task(w.problem, 2, unit=w.housing, person=w.responsible)
    task_transition(actor=w.reporter, task_id=second.pk, action="acknowledge")
    html = client_for(w.reporter).get("/tasks/").content.decode()
    assert f'name="task" value="{w.task.pk}"' in html
    assert f'name="task" value="{second.pk}"' not in html  # already acknowledged
    assert 'data-testid="bulk-acknowledge-submit"' in html
    reviewer = client_for(w.reviewer).get("/tasks/").content.decode()
    assert 'name="task"' not in reviewer and "bulk-acknowledge-submit" not in reviewer


def test_acknowledges_every_ticked_task_and_reports_the_refused_one(workflow):
    w = workflow
    second = add_task(w.problem, 2, unit=w.housing, person=w.responsible)
    third = add_task(w.problem, 3, unit=w.housing, person=w.responsible)
    task_transition(actor=w.reporter, task_id=third.pk, action="acknowledge")
    client = client_for(w.reporter)
    response = client.post(
        "/tasks/acknowledge/",
        {"task": [w.task.pk, second.pk, third.pk], "next": "/tasks/?state=assigned"},
    )
    assert response["Location"] == "/tasks/?state=assigned"
    html = messages_of(client, response)
    states = dict(Task.objects.values_list("pk", "state"))
    assert states == {
        w.task.pk: "acknowledged",
        second.pk: "acknowledged",
        third.pk: "acknowledged",
    }
    assert Event.objects.filter(verb="task.acknowledged").count() == 3  # 2 now + 1 before
    assert "已签收2项任务" in html
    assert "HN-ZZ-01-3：当前状态为“已签收”，不能办理" in html


def test_a_task_out_of_scope_is_never_acted_on(workflow):
    w = workflow
    hetang = Task.objects.get(problem=add_hetang_problem(w))
    before = Event.objects.count()
    client = client_for(w.reporter)
    html = messages_of(client, client.post("/tasks/acknowledge/", {"task": [hetang.pk, 999999]}))
    hetang.refresh_from_db()
    assert hetang.state == "assigned"
    assert Event.objects.count() == before
    assert "所选中有2项不存在或不在您的权限范围内，未作处理" in html
    assert "HN-ZZ-HT" not in html  # nothing said about a task the reporter cannot see


def test_a_role_that_may_not_acknowledge_is_told_so(workflow):
    w = workflow
    client = client_for(w.reviewer)  # the office oversees; the lead unit acknowledges
    html = messages_of(client, client.post("/tasks/acknowledge/", {"task": [w.task.pk]}))
    w.task.refresh_from_db()
    assert w.task.state == "assigned"
    assert "HN-ZZ-01-1：您的角色无权办理" in html


@pytest.mark.parametrize("data", [{"task": ["x1"]}, {"task": [str(n) for n in range(1, 300)]}])
def test_a_selection_that_is_not_ids_is_refused_plainly(workflow, data):
    client = client_for(workflow.reporter)
    html = messages_of(
        client, client.post("/tasks/acknowledge/", {**data, "next": "//evil.example/"})
    )
    assert "无法识别所选项" in html
    workflow.task.refresh_from_db()
    assert workflow.task.state == "assigned"


def test_nothing_ticked_says_so(workflow):
    client = client_for(workflow.reporter)
    response = client.post("/tasks/acknowledge/", {"next": "https://evil.example/"})
    assert response["Location"] == "/tasks/"  # never back to another site
    assert "请至少勾选一项" in messages_of(client, response)
