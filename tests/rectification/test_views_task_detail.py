"""The task detail page and evidence downloads: scope, content, escaping, queries."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.choices import Role
from duban.rectification.choices import DONE_STATES, TaskState
from duban.rectification.services import (
    ClaimInput,
    extension_request,
    lookback_record,
    report_submit,
    task_transition,
)
from duban.rectification.services.schedule import REPORTING_STATES
from tests.clients import client_for
from tests.factories import make_user
from tests.rectification.task_states import png_bytes, to_acknowledged, to_closed, to_in_progress

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def detail(w) -> str:
    return f"/tasks/{w.task.pk}/"


def test_out_of_scope_and_unknown_tasks_are_404(workflow):
    client = client_for(workflow.outsider)
    assert client.get(detail(workflow)).status_code == 404
    assert client_for(workflow.reporter).get("/tasks/999999/").status_code == 404


def test_in_scope_page_shows_the_task_in_chinese(workflow):
    w = workflow
    page = client_for(w.reporter).get(detail(w))
    assert page.status_code == 200
    html = page.content.decode()
    for text in [
        "完成老旧管网改造",
        "HN-ZZ-01",
        "老旧污水管网改造滞后",
        "牵头单位",
        "株洲市住建局",
        "周建国",
        "陈志远",
        "限期整改",
        "已交办",
        "整改时限",
        "交办株洲市住建局",  # the timeline's sentence for task.created
    ]:
        assert text in html, text
    assert 'href="/problems/HN-ZZ-01/"' in html
    assert f'action="/tasks/{w.task.pk}/actions/acknowledge/"' in html
    assert "剩余90天" in html


def test_buttons_follow_the_role(workflow):
    w = workflow
    reporter_page = client_for(w.reporter).get(detail(w)).content.decode()
    reviewer_page = client_for(w.reviewer).get(detail(w)).content.decode()
    assert 'data-testid="action-acknowledge"' in reporter_page
    assert 'data-testid="link-report"' in reporter_page
    assert 'data-testid="link-extension"' in reporter_page
    assert 'data-testid="action-acknowledge"' not in reviewer_page
    assert 'data-testid="link-report"' not in reviewer_page
    viewer = make_user("viewer", organization=w.office, role=Role.VIEWER)
    assert "现在没有需要您办理的操作" in client_for(viewer).get(detail(w)).content.decode()


def test_reporting_states_match_the_schedule_rule():
    # selectors.task_actions offers the report form while the task is not yet done.
    assert frozenset(TaskState) - DONE_STATES == REPORTING_STATES


def test_full_story_is_shown(workflow):
    w = workflow
    to_acknowledged(w)
    photo = attachment_store(actor=w.reporter, name="管网.png", content=png_bytes())
    report_submit(
        actor=w.reporter,
        task_id=w.task.pk,
        narrative="完成 42.3 公里",
        percent=30,
        claims=[ClaimInput("管网改造长度", "公里", Decimal("42.3"))],
        attachments=[photo],
    )
    report_submit(
        actor=w.reporter,
        task_id=w.task.pk,
        narrative="更正",
        percent=35,
        claims=[ClaimInput("管网改造长度", "公里", Decimal("50"))],
    )
    extension_request(
        actor=w.reporter,
        task_id=w.task.pk,
        new_deadline=w.task.deadline + timedelta(days=30),
        reason="汛期停工",
    )
    html = client_for(w.reviewer).get(detail(w)).content.decode()
    latest = html.split('data-testid="latest-claims"')[1].split("</table>")[0]
    assert "50" in latest and "v2" in latest and "42.3" not in latest and "5E+1" not in html
    history = html.split('data-testid="claim-history"')[1].split("</table>")[0]
    assert "42.3" in history and "50" in history
    assert html.count('data-testid="report"') == 2
    assert f'href="/attachments/{photo.pk}/"' in html
    assert "汛期停工" in html and 'data-testid="extension-decide-form"' in html
    assert "35%" in html


def test_closed_task_shows_acceptance_signer_tests_notice_and_look_back(workflow, settings):
    w = workflow
    to_closed(w)
    lookback_record(actor=w.reviewer, task_id=w.task.pk, findings="未见反弹", relapsed=False)
    html = client_for(w.reviewer).get(detail(w)).content.decode()
    assert "已销号" in html
    assert "王晓梅" in html  # the named signer
    assert "各项整改措施全部完成" in html
    assert html.count("已满足") >= 5
    assert 'data-testid="notice"' in html
    assert "未见反弹" in html
    assert 'data-testid="link-lookback"' in html


def test_narrative_html_is_escaped(workflow):
    w = workflow
    to_acknowledged(w)
    report_submit(
        actor=w.reporter,
        task_id=w.task.pk,
        narrative='<script>alert("x")</script><b onclick="x()">粗</b>',
        percent=10,
    )
    html = client_for(w.reporter).get(detail(w)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'onclick="x()"' not in html


def assert_no_inline_script(html: str, url: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
    assert not re.search(r"\son[a-z]+\s*=", html), url
    assert html.count("csrfmiddlewaretoken") >= 1, url


def test_pages_have_no_inline_script_or_event_handlers(workflow):
    w = workflow
    to_in_progress(w)
    reporter, reviewer = client_for(w.reporter), client_for(w.reviewer)
    for url in [detail(w), f"{detail(w)}report/", f"{detail(w)}extension/"]:
        response = reporter.get(url)
        assert response.status_code == 200, url
        assert_no_inline_script(response.content.decode(), url)
    task_transition(
        actor=w.reporter,
        task_id=w.task.pk,
        action="complete",
        reason="整改措施已完成，完工进度未另行报送",
    )
    response = reporter.get(f"{detail(w)}closure/")
    assert_no_inline_script(response.content.decode(), "closure")
    response = reviewer.get(f"{detail(w)}actions/return/")
    assert_no_inline_script(response.content.decode(), "return")
    to_closed(w)
    for url in [detail(w), f"{detail(w)}look-back/"]:
        response = reviewer.get(url)
        assert response.status_code == 200, url
        assert_no_inline_script(response.content.decode(), url)


def test_detail_queries_do_not_grow_with_reports(workflow):
    w = workflow
    to_acknowledged(w)
    client = client_for(w.reporter)

    def file_report(percent: int) -> None:
        photo = attachment_store(actor=w.reporter, name="p.png", content=png_bytes())
        report_submit(
            actor=w.reporter,
            task_id=w.task.pk,
            narrative="进展",
            percent=percent,
            claims=[ClaimInput(f"指标{percent}", "个", Decimal(percent))],
            attachments=[photo],
        )

    file_report(10)
    client.get(detail(w))  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(detail(w)).status_code == 200
    for percent in (20, 30, 40):
        file_report(percent)
    with CaptureQueriesContext(connection) as four:
        assert client.get(detail(w)).status_code == 200
    assert len(four) == len(one)


# Attachment downloads


def test_attachment_download_in_scope(workflow):
    w = workflow
    to_acknowledged(w)
    content = png_bytes()
    photo = attachment_store(actor=w.reporter, name="现场 照片.png", content=content)
    report_submit(
        actor=w.reporter, task_id=w.task.pk, narrative="进展", percent=5, attachments=[photo]
    )
    with photo.file.open("rb") as file:
        stored = file.read()  # images are stored re-encoded, without embedded payloads
    assert stored.startswith(b"\x89PNG")
    for user in (w.reporter, w.reviewer):
        response = client_for(user).get(f"/attachments/{photo.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == stored
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "filename*=utf-8''" in response["Content-Disposition"]


def test_attachment_download_out_of_scope_unlinked_or_anonymous(workflow):
    w = workflow
    to_acknowledged(w)
    photo = attachment_store(actor=w.reporter, name="a.png", content=png_bytes())
    report_submit(
        actor=w.reporter, task_id=w.task.pk, narrative="进展", percent=5, attachments=[photo]
    )
    loose = attachment_store(actor=w.reporter, name="b.png", content=png_bytes())
    assert client_for(w.outsider).get(f"/attachments/{photo.pk}/").status_code == 404
    # An upload not yet linked to anything: only its uploader may fetch it back.
    assert client_for(w.reporter).get(f"/attachments/{loose.pk}/").status_code == 200
    assert client_for(w.reviewer).get(f"/attachments/{loose.pk}/").status_code == 404
    assert client_for(w.reporter).get("/attachments/999999/").status_code == 404
    assert Client().get(f"/attachments/{photo.pk}/").status_code == 302


def test_closeout_evidence_is_downloadable(workflow):
    w = workflow
    to_closed(w)
    closeout = w.task.closeouts.get()
    evidence = closeout.evidence.get()
    response = client_for(w.reviewer).get(f"/attachments/{evidence.pk}/")
    assert response.status_code == 200
    assert client_for(w.outsider).get(f"/attachments/{evidence.pk}/").status_code == 404


def test_overdue_deadline_is_shown(workflow, settings):
    w = workflow
    settings.DUBAN_TODAY = w.task.deadline + timedelta(days=3)
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    html = client_for(w.reporter).get(detail(w)).content.decode()
    assert "逾期" in html
    assert clock.today() > w.task.deadline
