"""The supervision pages in scope: the same calls succeed and change exactly what they should
(who may call them: tests/supervision/test_permissions.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core import clock
from duban.core.models import Event
from duban.supervision.choices import InvestigationState, NoticeLevel, NoticeState
from duban.supervision.models import DirectInvestigation, NoticeNumbering, SupervisionNotice
from duban.supervision.services import notice_issue
from tests.clients import client_for
from tests.images import photo
from tests.permissions import changes_since, database_state
from tests.supervision.scene import (
    FINDINGS,
    answered,
    investigation_form,
    notice_form,
    numbering_form,
)

pytestmark = pytest.mark.django_db


# In scope: the same calls succeed and change exactly what they should.


def test_unit_addressed_sees_and_answers_with_evidence(scene):
    client = client_for(scene.w.reporter)
    page = client.get(f"/notices/{scene.notice.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert scene.notice.number in text and 'data-testid="response-form"' in text
    assert 'data-testid="close-form"' not in text
    upload = SimpleUploadedFile("施工照片.jpg", photo(seed=5), content_type="image/jpeg")
    response = client.post(
        f"/notices/{scene.notice.pk}/response/", {"response": "已加派施工力量", "evidence": upload}
    )
    assert response.status_code == 302 and response["Location"] == f"/notices/{scene.notice.pk}/"
    scene.notice.refresh_from_db()
    assert scene.notice.state == NoticeState.RESPONDED
    (evidence,) = scene.notice.response_evidence.all()
    download = client.get(f"/notices/{scene.notice.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert (
        client_for(scene.w.outsider)
        .get(f"/notices/{scene.notice.pk}/evidence/{evidence.pk}/")
        .status_code
        == 404
    )
    again = client.post(f"/notices/{scene.notice.pk}/response/", {"response": "再次答复"})
    assert again.status_code == 302  # moved on: a message, not a second answer
    assert (
        Event.objects.filter(
            subject_type="supervision.supervisionnotice", verb="notice.responded"
        ).count()
        == 1
    )


def test_an_empty_response_is_refused_on_the_form(scene):
    before = database_state()
    response = client_for(scene.w.reporter).post(
        f"/notices/{scene.notice.pk}/response/", {"response": ""}
    )
    assert response.status_code == 400
    assert 'data-field-error="response"' in response.content.decode()
    assert changes_since(before) == []


def test_issuer_concludes_an_answered_notice(scene):
    answered(scene)
    response = client_for(scene.w.reviewer).post(
        f"/notices/{scene.notice.pk}/closure/", {"note": "整改到位"}
    )
    assert response.status_code == 302
    scene.notice.refresh_from_db()
    assert (scene.notice.state, scene.notice.closing_note) == (NoticeState.CLOSED, "整改到位")


def test_reviewer_issues_a_notice_from_the_task_page(scene):
    client = client_for(scene.w.reviewer)
    task_page = client.get(f"/tasks/{scene.w.task.pk}/").content.decode()
    assert f'href="/tasks/{scene.w.task.pk}/notices/new/"' in task_page
    reporter_page = client_for(scene.w.reporter).get(f"/tasks/{scene.w.task.pk}/")
    assert 'data-testid="link-notice"' not in reporter_page.content.decode()
    form = client.get(f"/tasks/{scene.w.task.pk}/notices/new/")
    assert form.status_code == 200
    response = client.post(f"/tasks/{scene.w.task.pk}/notices/new/", notice_form(scene))
    assert response.status_code == 302
    notice = SupervisionNotice.objects.get(level="criticism")
    assert response["Location"] == f"/notices/{notice.pk}/"
    assert notice.number == f"株洲市整改办〔{clock.today().year}〕2号"
    assert list(notice.tasks.all()) == [scene.w.task]


def test_issue_form_refuses_a_past_reply_date_and_a_unit_not_on_the_task(scene):
    data = notice_form(scene)
    client = client_for(scene.w.reviewer)
    before = database_state()
    past = {**data, "due_on": (clock.today() - timedelta(days=1)).isoformat()}
    response = client.post(f"/tasks/{scene.w.task.pk}/notices/new/", past)
    assert response.status_code == 400
    assert 'data-field-error="due_on"' in response.content.decode()
    elsewhere = {**data, "target": scene.w.sibling.pk}
    response = client.post(f"/tasks/{scene.w.task.pk}/notices/new/", elsewhere)
    assert response.status_code == 400
    assert 'data-field-error="target"' in response.content.decode()
    assert changes_since(before) == []


def test_numbering_settings_page(scene):
    client = client_for(scene.w.reviewer)
    assert client.get("/notices/numbering/").status_code == 200
    response = client.post("/notices/numbering/", numbering_form(scene))
    assert response.status_code == 302
    page = client.get("/notices/numbering/").content.decode()
    assert f"株整改督〔{clock.today().year}〕2号" in page  # one notice issued this year already
    bad = client.post(
        "/notices/numbering/",
        {
            "issuer": scene.w.office.pk,
            "year": clock.today().year,
            "number_prefix": "x",
            "pattern": "{prefix}{os}",
        },
    )
    assert bad.status_code == 400
    assert 'data-field-error="pattern"' in bad.content.decode()


def test_supervisor_works_an_investigation(scene):
    client = client_for(scene.supervisor)
    listing = client.get("/investigations/").content.decode()
    assert scene.w.problem.title in listing
    assert (
        scene.w.problem.title
        not in client_for(scene.far_supervisor).get("/investigations/").content.decode()
    )
    detail = client.get(f"/investigations/{scene.investigation.pk}/")
    assert detail.status_code == 200 and FINDINGS in detail.content.decode()
    assert client.get(f"/investigations/new/?problem={scene.w.problem.code}").status_code == 200
    duplicate = client.post("/investigations/new/", investigation_form(scene))
    assert duplicate.status_code == 400  # the commission already investigates it
    assert DirectInvestigation.objects.count() == 1
    path = f"/investigations/{scene.investigation.pk}"
    assert client.post(f"{path}/findings/", {"findings": "新的发现"}).status_code == 302
    assert client.post(f"{path}/conclusion/", {"outcome": "移送问责"}).status_code == 302
    scene.investigation.refresh_from_db()
    assert scene.investigation.state == InvestigationState.CONCLUDED
    assert scene.investigation.findings == "新的发现"
    timeline = client.get(f"/investigations/{scene.investigation.pk}/").content.decode()
    for verb in ("investigation.opened", "investigation.updated", "investigation.concluded"):
        assert f'data-verb="{verb}"' in timeline
    assert client.post("/investigations/new/", investigation_form(scene)).status_code == 302
    assert DirectInvestigation.objects.count() == 2


def test_navigation_shows_investigations_to_supervisors_only(scene):
    assert 'href="/investigations/"' in client_for(scene.supervisor).get("/").content.decode()
    reviewer_home = client_for(scene.w.reviewer).get("/").content.decode()
    assert 'href="/notices/"' in reviewer_home and 'href="/investigations/"' not in reviewer_home


def test_notice_list_filters(scene):
    client = client_for(scene.w.reviewer)

    def rows(query: str) -> int:
        response = client.get(f"/notices/{query}")
        assert response.status_code == 200
        return response.content.decode().count('data-testid="notice-row"')

    assert rows("") == 1
    assert rows("?level=notice") == 1
    assert rows("?level=listed") == 0
    assert rows("?state=issued") == 1 and rows("?state=closed") == 0
    assert rows(f"?issuer={scene.w.office.pk}") == 1
    assert rows(f"?target={scene.w.sibling.pk}") == 0
    assert rows("?level=bogus&issuer=abc") == 1  # stale filters are dropped, not refused
    assert (
        client_for(scene.w.outsider)
        .get("/notices/")
        .content.decode()
        .count('data-testid="notice-row"')
        == 0
    )
    assert NoticeNumbering.objects.count() == 1


def test_notice_list_page_runs_a_fixed_number_of_queries(scene):
    client = client_for(scene.w.reviewer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/notices/").status_code == 200
        return len(captured)

    one = queries()
    for _ in range(4):
        notice_issue(
            actor=scene.w.reviewer,
            issuer=scene.w.office,
            target=scene.w.housing,
            tasks=[scene.w.task],
            level=NoticeLevel.REMINDER,
            demands="提醒",
            due_on=clock.today() + timedelta(days=3),
        )
    assert queries() == one
