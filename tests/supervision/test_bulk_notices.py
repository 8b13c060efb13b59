"""批量督办 from the overdue tasks: one numbered notice per ticked task, to its lead unit,
each through notice_issue with every rule it applies; refusals named with their reasons."""

from __future__ import annotations

from datetime import timedelta

import pytest

from duban.core import clock
from duban.rectification.models import Task
from duban.supervision.models import SupervisionNotice
from tests.clients import client_for
from tests.factories import add_task
from tests.supervision.scene import due

pytestmark = pytest.mark.django_db


def overdue(*tasks) -> None:
    Task.objects.filter(pk__in=[task.pk for task in tasks]).update(schedule_status="overdue")


def form(scene, *tasks, **changes):
    data = {"issuer": scene.w.office.pk, "demands": "限期整改到位", "due_on": due()}
    return {**data, "task": [task.pk for task in tasks], **changes}


def test_lists_only_overdue_tasks_with_boxes(scene):
    w = scene.w
    other = add_task(w.problem, 2, unit=w.housing, person=w.responsible)
    overdue(w.task)
    html = client_for(w.reviewer).get("/notices/overdue/").content.decode()
    assert f'name="task" value="{w.task.pk}"' in html
    assert f'name="task" value="{other.pk}"' not in html
    assert "逾期任务批量督办" in html


def test_issues_one_notice_per_task_to_its_lead_unit(scene):
    w = scene.w
    second = add_task(w.problem, 2, unit=w.sibling, person=w.responsible)
    overdue(w.task, second)
    before = SupervisionNotice.objects.count()
    client = client_for(w.reviewer)
    response = client.post("/notices/overdue/", form(scene, w.task, second))
    assert response.status_code == 302
    notices = SupervisionNotice.objects.order_by("pk")[before:]
    assert [(n.target, list(n.tasks.all()), n.level) for n in notices] == [
        (w.housing, [w.task], "notice"),
        (w.sibling, [second], "notice"),
    ]
    assert len({notice.number for notice in notices}) == 2  # each its own number
    assert "已下发督办单2份" in client.get(response["Location"]).content.decode()


def test_a_refusal_names_the_task_and_field(scene):
    """A past reply date is refused by notice_issue for each task, with its field and reason;
    a user who issues no notices is refused the page."""
    w = scene.w
    overdue(w.task)
    client = client_for(w.reporter)  # not an issuer at all
    assert client.post("/notices/overdue/", form(scene, w.task)).status_code == 403
    client = client_for(w.reviewer)
    before = SupervisionNotice.objects.count()
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    response = client.post("/notices/overdue/", form(scene, w.task, due_on=yesterday))
    html = client.get(response["Location"]).content.decode()
    assert SupervisionNotice.objects.count() == before
    assert "HN-ZZ-01-1：反馈时限：反馈时限早于今天。" in html
    assert client_for(w.outsider).get("/notices/overdue/").status_code == 403


def test_out_of_scope_ids_are_never_acted_on(scene):
    w = scene.w
    before = SupervisionNotice.objects.count()
    client = client_for(scene.far_reviewer)  # another city's office: may issue, not here
    far_office = client.get("/notices/overdue/").context["form"].fields["issuer"].queryset.get()
    response = client.post("/notices/overdue/", form(scene, w.task, issuer=far_office.pk))
    assert response.status_code == 302
    assert SupervisionNotice.objects.count() == before
    assert (
        "所选中有1项不存在或不在您的权限范围内" in client.get(response["Location"]).content.decode()
    )


def test_missing_demands_is_a_field_error(scene):
    response = client_for(scene.w.reviewer).post(
        "/notices/overdue/", form(scene, scene.w.task, demands="")
    )
    assert response.status_code == 400
    assert 'data-field-error="demands"' in response.content.decode()
