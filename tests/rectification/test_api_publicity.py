"""Reading objections and filings through the API: who sees what, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.rectification.models import Filing, Task
from duban.rectification.services import objection_record, task_transition
from tests.clients import client_for
from tests.factories import make_organization, make_user
from tests.rectification.cast import drive_to_publicized

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(workflow):
    """株洲's task closed and filed with 湖南省整改办 (whose reviewer is returned)."""
    office = make_organization(
        "湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000"
    )
    province = make_user("province", organization=office, role=Role.REVIEWER)
    drive_to_publicized(workflow)
    ends_on = Task.objects.get(pk=workflow.task.pk).publicity_ends_on
    with override_settings(DUBAN_TODAY=ends_on + timedelta(days=1)):
        task_transition(actor=workflow.reviewer, task_id=workflow.task.pk, action="close")
    return province


def test_filings_are_seen_by_the_office_above_and_the_tasks_viewers(workflow, filed):
    filing = Filing.objects.get()
    for who in (filed, workflow.reviewer, workflow.reporter):
        body = client_for(who).get("/api/filings").json()
        assert [item["id"] for item in body["items"]] == [filing.pk]
    assert client_for(workflow.outsider).get("/api/filings").json()["items"] == []
    assert client_for(None).get("/api/filings").status_code == 401
    only_accepted = client_for(filed).get("/api/filings?state=accepted").json()
    assert only_accepted["items"] == []


def test_filing_list_runs_a_fixed_number_of_queries(workflow, filed):
    client = client_for(filed)
    client.get("/api/filings")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/filings")
    filing = Filing.objects.get()
    for _ in range(3):  # more rows of the same shape
        Filing.objects.create(
            task=filing.task,
            closeout=filing.closeout,
            filed_with=filing.filed_with,
            filed_on=filing.filed_on,
            review_ends_on=filing.review_ends_on,
        )
    with CaptureQueriesContext(connection) as four:
        response = client.get("/api/filings")
    assert response.json()["count"] == 4
    assert len(four) == len(one)


def test_objections_are_listed_for_who_sees_the_task(workflow):
    drive_to_publicized(workflow)
    objection_record(
        actor=workflow.reviewer,
        task_id=workflow.task.pk,
        received_on=clock.today(),
        channel="phone",
        content="雨天仍有溢流",
    )
    path = f"/api/tasks/{workflow.task.pk}/objections"
    body = client_for(workflow.reporter).get(path).json()
    assert [(o["content"], o["upheld"], o["recorded_by"]) for o in body] == [
        ("雨天仍有溢流", None, "reviewer")
    ]
    assert client_for(workflow.outsider).get(path).status_code == 404
    assert client_for(None).get(path).status_code == 401
