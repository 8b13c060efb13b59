"""Every action form on the task page: the right role succeeds with one ledger event, a stale
form (the task already moved) gets a message. (A wrong role gets 403, an outsider 404 and
anonymous the login page, changing nothing: tests/rectification/test_permissions.py.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from duban.core import clock
from duban.core.choices import Role
from duban.core.models import Event
from duban.rectification.choices import TaskState
from duban.rectification.services import task_transition
from tests.clients import client_for
from tests.factories import make_user, make_workflow
from tests.rectification.task_states import (
    CASES,
    last_seq,
    state_of,
    task_verbs,
    to_acknowledged,
    to_completed,
    to_in_progress,
)

pytestmark = pytest.mark.django_db
STALE = "任务状态已被他人更改"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


IDS = [case.name for case in CASES]


def user_of(w: Any, name: str) -> Any:
    if name == "viewer":
        return make_user("office-viewer", organization=w.office, role=Role.VIEWER)
    return getattr(w, name)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_allowed_role_succeeds_with_one_event(db, case):
    w = make_workflow(kind=case.kind)
    case.prepare(w)
    client = client_for(user_of(w, case.allowed))
    assert client.get(case.url(w)).status_code in (200, 405)  # decide has no page of its own
    before = last_seq()
    response = client.post(case.url(w), case.data(w))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/tasks/{w.task.pk}/"
    assert task_verbs(w.task, after=before) == case.verbs
    other = Event.objects.filter(seq__gt=before).exclude(subject_type="rectification.task")
    assert set(other.values_list("verb", flat=True)) <= {"attachment.stored"}
    assert state_of(w.task) == case.state
    page = client.get(response["Location"]).content.decode()
    assert 'class="alert alert-success"' in page


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.stale], ids=[c.name for c in CASES if c.stale]
)
def test_stale_form_gets_a_message_and_no_second_event(db, case):
    w = make_workflow(kind=case.kind)
    case.prepare(w)
    client = client_for(user_of(w, case.allowed))
    url = case.url(w)
    assert client.post(url, case.data(w)).status_code == 302
    state, after_first = state_of(w.task), last_seq()
    again = client.post(url, case.data(w), follow=True)
    assert again.redirect_chain == [(f"/tasks/{w.task.pk}/", 302)]
    html = again.content.decode()
    assert STALE in html or "已被他人审批" in html
    assert last_seq() == after_first and state_of(w.task) == state


def test_report_after_completion_is_stale(workflow):
    w = workflow
    to_in_progress(w)
    client = client_for(w.reporter)
    form = client.get(f"/tasks/{w.task.pk}/report/")
    assert form.status_code == 200
    # Someone else reports completion while the form is open.
    task_transition(
        actor=w.reporter,
        task_id=w.task.pk,
        action="complete",
        reason="整改措施已完成，完工进度未另行报送",
    )
    before = last_seq()
    response = client.post(
        f"/tasks/{w.task.pk}/report/",
        {
            "narrative": "进展",
            "percent": "50",
            "period_day": clock.today().isoformat(),
            "claims-TOTAL_FORMS": "0",
            "claims-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert STALE in response.content.decode()
    assert last_seq() == before


def test_reason_is_required_where_the_move_needs_one(workflow):
    w = workflow
    to_completed(w)
    client = client_for(w.reviewer)
    page = client.get(f"/tasks/{w.task.pk}/").content.decode()
    assert 'name="reason"' in page.split('data-testid="action-return"')[1].split("</form>")[0]
    before = last_seq()
    response = client.post(f"/tasks/{w.task.pk}/actions/return/", {"reason": "  "})
    assert response.status_code == 400
    assert 'data-field-error="reason"' in response.content.decode()
    assert last_seq() == before and state_of(w.task) == TaskState.COMPLETED


def test_unknown_or_special_action_is_404(workflow):
    client = client_for(workflow.reporter)
    for action in ("fly", "accept", "request_closure"):
        assert client.post(f"/tasks/{workflow.task.pk}/actions/{action}/").status_code == 404


def test_forms_need_csrf(workflow):
    client = Client(enforce_csrf_checks=True)
    client.force_login(workflow.reporter)
    response = client.post(f"/tasks/{workflow.task.pk}/actions/acknowledge/")
    assert response.status_code == 403
    assert state_of(workflow.task) == TaskState.ASSIGNED


def test_action_page_for_another_role_says_it_is_the_role(workflow):
    client = client_for(workflow.reporter)
    response = client.get(f"/tasks/{workflow.task.pk}/acceptance/")
    assert response.status_code == 403
    assert "您的角色无权对该任务进行此项操作" in response.content.decode()
    assert "当前状态" not in response.content.decode()


def test_action_page_at_another_state_says_it_is_the_state(workflow):
    to_acknowledged(workflow)
    client = client_for(workflow.reporter)
    response = client.get(f"/tasks/{workflow.task.pk}/actions/acknowledge/", follow=True)
    assert response.redirect_chain == [(f"/tasks/{workflow.task.pk}/", 302)]
    assert "任务当前状态为“已签收”，不能办理此项操作" in response.content.decode()
