"""The objection forms on the task page and the filings list: anonymous, without the right,
out of scope and in scope; a refused request changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings

from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event
from duban.rectification.choices import FilingState, TaskState
from duban.rectification.models import Filing, Objection, Task
from duban.rectification.services import objection_record, task_transition
from tests.clients import client_for
from tests.factories import make_organization, make_user
from tests.rectification.task_states import state_of, to_publicized

pytestmark = pytest.mark.django_db


def objection_data() -> dict[str, str]:
    return {
        "received_on": clock.today().isoformat(),
        "channel": "phone",
        "objector": "李先生",
        "content": "雨天仍有溢流",
    }


def unchanged(w: Any) -> tuple[Any, ...]:
    return (
        state_of(w.task),
        Event.objects.count(),
        list(Objection.objects.values_list("pk", "answered_at")),
        list(Filing.objects.values_list("pk", "state")),
    )


def test_publicized_task_page_offers_objections_not_closure(workflow):
    w = workflow
    to_publicized(w)
    page = client_for(w.reviewer).get(f"/tasks/{w.task.pk}/").content.decode()
    assert 'data-testid="link-objection"' in page and 'data-testid="action-close"' not in page
    unit_page = client_for(w.reporter).get(f"/tasks/{w.task.pk}/").content.decode()
    assert 'data-testid="link-objection"' not in unit_page


def test_objection_form_records_and_the_task_shows_it_with_an_answer_form(workflow):
    w = workflow
    to_publicized(w)
    client = client_for(w.reviewer)
    assert client.get(f"/tasks/{w.task.pk}/objections/new/").status_code == 200
    response = client.post(f"/tasks/{w.task.pk}/objections/new/", objection_data(), follow=True)
    page = response.content.decode()
    assert "雨天仍有溢流" in page and 'data-testid="objection-answer-form"' in page
    assert Objection.objects.get().objector == "李先生"


def test_objection_form_refusals_change_nothing(workflow):
    w = workflow
    to_publicized(w)
    url = f"/tasks/{w.task.pk}/objections/new/"
    before = unchanged(w)
    assert client_for(w.reporter).post(url, objection_data()).status_code == 403
    assert client_for(w.outsider).post(url, objection_data()).status_code == 404
    anonymous = Client().post(url, objection_data())
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    invalid = client_for(w.reviewer).post(url, {**objection_data(), "content": ""})
    assert invalid.status_code == 400
    assert unchanged(w) == before


def test_answer_upheld_returns_the_task_and_refusals_change_nothing(workflow):
    w = workflow
    to_publicized(w)
    objection = objection_record(
        actor=w.reviewer,
        task_id=w.task.pk,
        received_on=clock.today(),
        channel="letter",
        content="雨天仍有溢流",
    )
    url = f"/tasks/{w.task.pk}/objections/{objection.pk}/answer/"
    data = {"answer": "属实", "upheld": "yes"}
    before = unchanged(w)
    assert client_for(w.reporter).post(url, data).status_code == 403
    assert client_for(w.outsider).post(url, data).status_code == 404
    assert Client().post(url, data).status_code == 302
    assert client_for(w.reviewer).post(url, {"answer": "", "upheld": "yes"}).status_code == 400
    assert unchanged(w) == before
    response = client_for(w.reviewer).post(url, data)
    assert response.status_code == 302
    assert state_of(w.task) == TaskState.IN_PROGRESS


@pytest.fixture
def province(workflow) -> Any:
    """株洲's task closed after its notice and filed with 湖南省整改办; its reviewer."""
    office = make_organization(
        "湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000"
    )
    reviewer = make_user("province", organization=office, role=Role.REVIEWER)
    to_publicized(workflow)
    ends_on = Task.objects.get(pk=workflow.task.pk).publicity_ends_on
    with override_settings(DUBAN_TODAY=ends_on + timedelta(days=1)):
        task_transition(actor=workflow.reviewer, task_id=workflow.task.pk, action="close")
    return reviewer


def test_filings_page_shows_reject_only_to_the_office_above(workflow, province):
    page = client_for(province).get("/filings/").content.decode()
    assert workflow.task.code in page and 'data-testid="filing-reject-form"' in page
    city = client_for(workflow.reviewer).get("/filings/").content.decode()
    assert workflow.task.code in city and 'data-testid="filing-reject-form"' not in city
    far = client_for(workflow.outsider).get("/filings/").content.decode()
    assert 'data-testid="filing-row"' not in far
    assert Client().get("/filings/").status_code == 302


def test_filing_rejection_page_refusals_change_nothing_and_the_office_above_reopens(
    workflow, province
):
    filing = Filing.objects.get()
    url = f"/filings/{filing.pk}/reject/"
    before = unchanged(workflow)
    assert client_for(workflow.reviewer).post(url, {"reason": "x"}).status_code == 403
    assert client_for(workflow.outsider).post(url, {"reason": "x"}).status_code == 404
    assert Client().post(url, {"reason": "x"}).status_code == 302
    assert client_for(province).post(url, {"reason": ""}).status_code == 400
    assert unchanged(workflow) == before
    response = client_for(province).post(url, {"reason": "现场核查资料不全"}, follow=True)
    assert "备案已驳回，任务重新整改。" in response.content.decode()
    filing.refresh_from_db()
    assert filing.state == FilingState.REJECTED
    assert state_of(workflow.task) == TaskState.IN_PROGRESS
