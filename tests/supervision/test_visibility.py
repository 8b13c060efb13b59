"""What the unit addressed sees: its notices, that the commission took the problem over — and
never the investigation or its findings. The unit's page shows how often it was escalated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.rectification.services import scan
from duban.supervision.choices import NoticeLevel
from duban.supervision.services import NoticeTerms, escalate, notice_issue
from tests.clients import client_for
from tests.factories import make_organization, make_user
from tests.supervision.scene import FINDINGS, PLAN

pytestmark = pytest.mark.django_db


def test_the_unit_sees_its_notices_but_not_the_investigation(scene):
    client = client_for(scene.w.reporter)
    assert client.get(f"/notices/{scene.notice.pk}/").status_code == 200
    assert client.get(f"/api/notices/{scene.notice.pk}").status_code == 200
    assert client.get(f"/investigations/{scene.investigation.pk}/").status_code == 404
    assert client.get(f"/api/investigations/{scene.investigation.pk}").status_code == 404
    events = client.get(f"/api/events/supervision.directinvestigation/{scene.investigation.pk}")
    assert events.status_code == 404


@pytest.mark.parametrize("user", ["reporter", "reviewer", "office_viewer"])
def test_findings_appear_nowhere_the_unit_or_the_office_can_look(scene, user):
    person = {
        "reporter": scene.w.reporter,
        "reviewer": scene.w.reviewer,
        "office_viewer": scene.office_viewer,
    }[user]
    client = client_for(person)
    code, task = scene.w.problem.code, scene.w.task.pk
    pages = [
        client.get(f"/problems/{code}/"),
        client.get(f"/api/problems/{code}"),
        client.get(f"/api/events/inspections.problem/{scene.w.problem.pk}"),
        client.get(f"/tasks/{task}/"),
        client.get(f"/api/tasks/{task}"),
        client.get(f"/notices/{scene.notice.pk}/"),
        client.get(f"/organizations/{scene.w.housing.pk}/"),
    ]
    for response in pages:
        assert response.status_code == 200, response.request["PATH_INFO"]
        text = response.content.decode()
        assert FINDINGS not in text and PLAN not in text and "李办案" not in text
    problem_page = pages[0].content.decode()
    assert 'data-verb="investigation.opened"' in problem_page  # only that it happened
    assert "株洲市纪委监委" in problem_page


def test_the_commission_sees_its_findings(scene):
    response = client_for(scene.supervisor).get(f"/investigations/{scene.investigation.pk}/")
    assert FINDINGS in response.content.decode() and PLAN in response.content.decode()


def test_the_units_page_shows_notices_by_level_and_repeated_escalation(scene):
    w = scene.w
    overdue = w.task.deadline + timedelta(days=8)
    scan(today=overdue)
    escalate(today=overdue)  # a reminder; the lapsed notice is not escalated by a rule
    later = overdue + timedelta(days=6)
    (pressed,) = escalate(today=later)  # the reminder lapsed: a notice (督办)
    # The notice lapses too; the province's office decides to list the unit (挂牌督办).
    province = make_organization(
        "湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000"
    )
    provincial = make_user("hn", organization=province, role=Role.REVIEWER)
    with clock.frozen(later + timedelta(days=11)):
        notice_issue(
            actor=provincial,
            issuer=province,
            target=w.housing,
            tasks=[w.task],
            level=NoticeLevel.LISTED,
            demands="挂牌督办",
            due_on=None,
            terms=NoticeTerms(time_limit_months=3),
            escalated_from=pressed,
        )
    client = client_for(w.reporter)
    page = client.get(f"/organizations/{w.housing.pk}/").content.decode()
    assert 'data-testid="unit-escalations"' in page
    assert 'data-count="notice">2<' in page
    assert 'data-count="reminder">1<' in page
    assert 'data-count="listed">1<' in page
    assert 'data-count="talk">0<' in page
    assert "升级督办2次" in page
    assert page.count('data-testid="escalation-chain"') == 1
    assert pressed.number in page and pressed.escalated_from.number in page
    other = client_for(w.reviewer).get(f"/organizations/{w.sibling.pk}/").content.decode()
    assert "本单位暂无督办单" in other


def test_the_units_panel_runs_a_fixed_number_of_queries(scene):
    client = client_for(scene.w.reviewer)
    path = f"/organizations/{scene.w.housing.pk}/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    one = queries()
    overdue = scene.w.task.deadline + timedelta(days=8)
    scan(today=overdue)
    escalate(today=overdue)
    escalate(today=overdue + timedelta(days=6))
    assert queries() == one
