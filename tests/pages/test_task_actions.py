"""Every action form on the task page: the right role succeeds with one ledger event, a wrong
role gets 403 and changes nothing, a stale form (the task already moved) gets a message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from duban.core import clock
from duban.core.choices import Role
from duban.core.models import Event
from duban.rectification.choices import TaskState
from duban.rectification.models import ExtensionRequest
from duban.rectification.services import extension_request, task_transition
from tests.factories import make_user, make_workflow
from tests.pages.test_task_support import (
    acceptance_data,
    client_for,
    last_seq,
    png_upload,
    state_of,
    task_verbs,
    to_acknowledged,
    to_closed,
    to_closure_requested,
    to_completed,
    to_in_progress,
    to_publicized,
    to_under_acceptance,
)

pytestmark = pytest.mark.django_db
STALE = "任务状态已被他人更改"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def nothing(w: Any) -> None:
    pass


def pending_extension(w: Any) -> None:
    extension_request(
        actor=w.reporter,
        task_id=w.task.pk,
        new_deadline=w.task.deadline + timedelta(days=30),
        reason="汛期停工",
    )


def decide_url(w: Any) -> str:
    extension = ExtensionRequest.objects.get(task=w.task)
    return f"/tasks/{w.task.pk}/extensions/{extension.pk}/decide/"


@dataclass
class Case:
    """One action form: how to get there, who may use it, what it posts and what it writes."""

    name: str
    prepare: Callable[[Any], None]
    path: str | Callable[[Any], str]  # under /tasks/<pk>/, or a full URL from the workflow
    data: Callable[[Any], dict[str, Any]]
    verbs: list[str]
    state: str
    allowed: str = "reporter"  # a Workflow attribute, or "viewer" (office viewer)
    wrong: str = "reviewer"
    kind: str = "deadline"
    stale: bool = True  # posting the same form again is refused as stale

    def url(self, w: Any) -> str:
        return self.path(w) if callable(self.path) else f"/tasks/{w.task.pk}/{self.path}"


def reason(text: str = "") -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"reason": text}


CASES = [
    Case(
        "acknowledge",
        nothing,
        "actions/acknowledge/",
        reason(),
        ["task.acknowledged"],
        "acknowledged",
    ),
    Case("start", to_acknowledged, "actions/start/", reason(), ["task.started"], "in_progress"),
    Case(
        "complete",
        to_in_progress,
        "actions/complete/",
        reason("整改措施已完成，完工进度未另行报送"),  # short of 80 % reported: explained
        ["task.completed"],
        "completed",
    ),
    Case(
        "begin_acceptance",
        to_closure_requested,
        "actions/begin_acceptance/",
        reason(),
        ["task.acceptance_started"],
        "under_acceptance",
        allowed="reviewer",
        wrong="viewer",
    ),
    Case(
        "close",
        to_publicized,
        "actions/close/",
        reason(),
        ["task.closed"],
        "closed",
        allowed="reviewer",
        wrong="reporter",
    ),
    Case(
        "return",
        to_completed,
        "actions/return/",
        reason("台账不全"),
        ["task.returned"],
        "in_progress",
        allowed="reviewer",
        wrong="reporter",
    ),
    Case(
        "reopen",
        to_closed,
        "actions/reopen/",
        reason("群众重复投诉"),
        ["task.reopened"],
        "in_progress",
        allowed="reviewer",
        wrong="reporter",
    ),
    # Issue 9: upholding an ongoing task is a staged acceptance (阶段性验收) on the acceptance
    # page, with an independent unit and signer — no longer a bare move at actions/uphold/.
    Case(
        "uphold",
        to_completed,
        "acceptance/",
        lambda w: {
            "acceptance_unit": w.office.pk,
            "signer": w.signer.pk,
            "summary": "阶段性目标已完成，长效机制建立",
            "document_check_reason": "长效机制文件齐全",
        },
        ["task.upheld"],
        "upheld",
        allowed="reviewer",
        wrong="reporter",
        kind="ongoing",
    ),
    Case(
        "report",
        to_acknowledged,
        "report/",
        lambda w: {
            "narrative": "完成 42.3 公里",
            "percent": "30",
            "period_day": clock.today().isoformat(),
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "0",
            "claims-0-metric": "管网改造长度",
            "claims-0-unit": "公里",
            "claims-0-value": "42.3",
            "claims-0-is_cumulative": "on",
            "attachments": [png_upload()],
        },
        ["report.submitted"],
        "acknowledged",
        stale=False,  # a second report is a new version, not a conflict
    ),
    Case(
        "closure",
        to_completed,
        "closure/",
        lambda w: {"summary": "已完成改造", "evidence": [png_upload(), png_upload("b.png")]},
        ["task.closure_requested"],
        "closure_requested",
    ),
    Case(
        "acceptance",
        to_under_acceptance,
        "acceptance/",
        acceptance_data,
        ["task.accepted"],
        "publicized",
        allowed="reviewer",
        wrong="viewer",
    ),
    Case(
        "extension",
        nothing,
        "extension/",
        lambda w: {
            "new_deadline": (w.task.deadline + timedelta(days=30)).isoformat(),
            "reason": "汛期停工",
        },
        ["extension.requested"],
        "assigned",
        stale=False,  # a second request while one is pending is a field error (tested below)
    ),
    Case(
        "extension_decide",
        pending_extension,
        decide_url,
        lambda w: {"decision": "approve", "note": ""},
        ["extension.approved"],
        "assigned",
        allowed="reviewer",
        wrong="reporter",
    ),
    Case(
        "lookback",
        to_closed,
        "look-back/",
        lambda w: {
            "checked_on": clock.today().isoformat(),
            "findings": "雨后仍有溢流",
            "relapsed": "yes",
            "cause": "look_back",
        },
        ["task.looked_back", "task.reopened"],
        "in_progress",
        allowed="reviewer",
        wrong="reporter",
    ),
]
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


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_wrong_role_is_refused_and_nothing_changes(db, case):
    w = make_workflow(kind=case.kind)
    case.prepare(w)
    client = client_for(user_of(w, case.wrong))
    state, events = state_of(w.task), Event.objects.count()
    response = client.post(case.url(w), case.data(w))
    assert response.status_code == 403
    assert "无权操作" in response.content.decode()
    assert (state_of(w.task), Event.objects.count()) == (state, events)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_out_of_scope_and_anonymous_are_refused(db, case):
    w = make_workflow(kind=case.kind)
    case.prepare(w)
    state, events = state_of(w.task), Event.objects.count()
    assert client_for(w.outsider).post(case.url(w), case.data(w)).status_code == 404
    anonymous = Client().post(case.url(w), case.data(w))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert (state_of(w.task), Event.objects.count()) == (state, events)


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


def test_action_page_not_available_redirects_with_message(workflow):
    client = client_for(workflow.reporter)
    response = client.get(f"/tasks/{workflow.task.pk}/acceptance/", follow=True)
    assert response.redirect_chain == [(f"/tasks/{workflow.task.pk}/", 302)]
    assert "您不能办理此项操作" in response.content.decode()
