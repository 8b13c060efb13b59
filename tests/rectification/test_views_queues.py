"""Work queues and overviews: review queue, warnings, inbox, statistics and navigation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event
from duban.errors import NotPermitted
from duban.rectification.models import Notification, Task
from duban.rectification.selectors import my_task_list
from duban.rectification.services import (
    extension_request,
    scan,
    staged_acceptance_record,
    task_transition,
)
from duban.rectification.services.notifications import notifications_mark_read
from tests.clients import client_for
from tests.factories import add_hetang_problem, add_problem, add_task, make_organization, make_user

pytestmark = pytest.mark.django_db

PAGES = ["/review/", "/warnings/", "/inbox/", "/statistics/"]


def rows(html: str, testid: str) -> list[str]:
    """The task codes linked from rows marked data-testid=testid, in page order."""
    return re.findall(
        rf'data-testid="{testid}">.*?<a href="/tasks/\d+/">([^<]+)</a>', html, flags=re.S
    )


def drive_to_completed(w, task: Task) -> None:
    for action in ["acknowledge", "start", "complete"]:
        note = (
            "整改措施已完成，完工进度未另行报送" if action == "complete" else ""
        )  # short of 80 %: explained
        task_transition(actor=w.reporter, task_id=task.pk, action=action, reason=note)


# --- review queue ---------------------------------------------------------------------------


def review_setup(w) -> Task:
    """The workflow task reported completed, and a second task with a pending extension."""
    drive_to_completed(w, w.task)
    second = add_task(w.problem, 2, unit=w.housing, person=w.responsible, title="建设污水处理厂")
    extension_request(
        actor=w.reporter,
        task_id=second.pk,
        new_deadline=second.deadline + timedelta(days=30),
        reason="汛期无法施工",
    )
    return second


def test_review_queue_lists_what_waits_for_the_reviewer(workflow):
    second = review_setup(workflow)
    response = client_for(workflow.reviewer).get("/review/")
    html = response.content.decode()
    assert response.status_code == 200
    assert rows(html, "review-task-row") == ["HN-ZZ-01-1"]
    assert "已完成" in html.split('data-testid="review-tasks"')[1].split("</table>")[0]
    extensions = html.split('data-testid="review-extensions"')[1].split("</table>")[0]
    assert rows(extensions, "review-extension-row") == ["HN-ZZ-01-2"]
    assert f'href="/tasks/{second.pk}/"' in extensions and "汛期无法施工" in extensions
    assert f"{second.deadline + timedelta(days=30):%Y-%m-%d}" in extensions


def test_review_queue_is_for_reviewers(workflow):
    review_setup(workflow)
    assert client_for(workflow.reporter).get("/review/").status_code == 403
    assert client_for(workflow.outsider).get("/review/").status_code == 403


def test_review_queue_of_another_county_is_empty(workflow):
    review_setup(workflow)
    office = make_organization(
        "荷塘区整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430202"
    )
    other = make_user("hetang_reviewer", organization=office, role=Role.REVIEWER)
    html = client_for(other).get("/review/").content.decode()
    assert rows(html, "review-task-row") == [] and rows(html, "review-extension-row") == []
    assert "汛期无法施工" not in html


# --- warnings -------------------------------------------------------------------------------


def test_warnings_list_red_first_with_days(workflow, settings):
    w = workflow
    base = clock.today()
    yellow = add_task(
        w.problem, 2, unit=w.housing, person=w.responsible, deadline=base + timedelta(days=300)
    )
    green = add_task(w.problem, 3, unit=w.housing, person=w.responsible)
    drive_to_completed(w, green)
    add_hetang_problem(w)
    later = base + timedelta(days=100)
    scan(today=later)
    settings.DUBAN_TODAY = later
    assert Task.objects.get(pk=w.task.pk).warning_level == "red"  # 10 days overdue
    assert Task.objects.get(pk=yellow.pk).warning_level == "yellow"  # behind, far from deadline
    html = client_for(w.reporter).get("/warnings/").content.decode()
    assert rows(html, "warning-row") == ["HN-ZZ-01-1", "HN-ZZ-01-2"]
    red_row, yellow_row = html.split('data-testid="warning-row"')[1:3]
    assert "text-bg-danger" in red_row and "红色" in red_row and "逾期10天" in red_row
    assert "text-bg-warning" in yellow_row and "剩余200天" in yellow_row


def test_warnings_leave_out_other_counties(workflow, settings):
    add_hetang_problem(workflow)
    scan(today=clock.today() + timedelta(days=100))
    reviewer = client_for(workflow.reviewer).get("/warnings/").content.decode()
    assert rows(reviewer, "warning-row") == ["HN-ZZ-HT-1", "HN-ZZ-01-1"]  # nearest deadline first
    outsider = client_for(workflow.outsider).get("/warnings/").content.decode()
    assert rows(outsider, "warning-row") == ["HN-ZZ-HT-1"]


# --- inbox ----------------------------------------------------------------------------------


def notify(
    user, task, key: str, *, level: str = "yellow", read: bool = False, message: str = ""
) -> Notification:
    return Notification.objects.create(
        user=user,
        task=task,
        key=key,
        level=level,
        message=message or f"提醒{key}：{task.code}",
        read_at=clock.now() if read else None,
    )


def test_inbox_shows_own_notifications_newest_first_unread_highlighted(workflow):
    w = workflow
    notify(w.reporter, w.task, "old", read=True)
    notify(w.reporter, w.task, "new", level="red")
    notify(w.outsider, w.task, "theirs")
    html = client_for(w.reporter).get("/inbox/").content.decode()
    items = html.split('data-testid="notifications"')[1].split("</table>")[0]
    assert re.findall(r"提醒(\w+)：", items) == ["new", "old"]
    assert items.count('data-unread="1"') == 1 and "未读" in items
    assert 'class="table-warning fw-semibold"' in items.split("提醒old")[0]
    assert "提醒theirs" not in html
    assert f'href="/tasks/{w.task.pk}/"' in items


def test_mark_all_read_changes_only_own_notifications_and_no_ledger(workflow):
    w = workflow
    mine = notify(w.reporter, w.task, "mine")
    theirs = notify(w.outsider, w.task, "theirs")
    events = Event.objects.count()
    response = client_for(w.reporter).post("/inbox/read/")
    assert response.status_code == 302 and response["Location"] == "/inbox/"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    assert Event.objects.count() == events
    html = client_for(w.reporter).get("/inbox/").content.decode()
    assert 'data-unread="1"' not in html


def test_mark_read_needs_post(workflow):
    mine = notify(workflow.reporter, workflow.task, "mine")
    assert client_for(workflow.reporter).get("/inbox/read/").status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


def test_notifications_mark_read_service(workflow):
    w = workflow
    first = notify(w.reporter, w.task, "first")
    second = notify(w.reporter, w.task, "second")
    theirs = notify(w.outsider, w.task, "theirs")
    assert notifications_mark_read(actor=w.reporter, ids=[first.pk, theirs.pk]) == 1
    assert notifications_mark_read(actor=w.reporter, ids=[first.pk]) == 0  # already read
    assert notifications_mark_read(actor=w.reporter) == 1
    states = {n.key: n.read_at is not None for n in Notification.objects.all()}
    assert states == {"first": True, "second": True, "theirs": False}
    assert second.pk and theirs.pk
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotPermitted):
        notifications_mark_read(actor=AnonymousUser())


def test_inbox_lists_my_unfinished_tasks(workflow):
    w = workflow
    add_hetang_problem(w)
    finished = add_task(
        w.problem, 2, unit=w.housing, person=w.responsible, kind="ongoing", deadline=None
    )
    drive_to_completed(w, finished)
    staged_acceptance_record(
        actor=w.reviewer,
        task_id=finished.pk,
        acceptance_unit=w.office,
        signer=w.signer,
        summary="阶段性完成",
        document_check_reason="长效机制文件齐全",
    )
    html = client_for(w.reporter).get("/inbox/").content.decode()
    assert rows(html, "my-task") == ["HN-ZZ-01-1"]
    assert [t.code for t in my_task_list(user=w.reporter)] == ["HN-ZZ-01-1"]
    # The city office leads no task itself: it reviews them.
    office = client_for(w.reviewer).get("/inbox/").content.decode()
    assert rows(office, "my-task") == [] and "暂无未完成的任务" in office
    outsider = client_for(w.outsider).get("/inbox/").content.decode()
    assert rows(outsider, "my-task") == ["HN-ZZ-HT-1"]


# --- statistics -----------------------------------------------------------------------------


def test_statistics_shows_the_published_sentence(workflow):
    w = workflow
    add_problem(w, "HN-ZZ-02")
    drive_to_completed(w, w.task)
    response = client_for(w.reviewer).get("/statistics/")
    html = response.content.decode()
    assert response.status_code == 200
    sentence = "反馈问题2个：已完成1个（其中已销号0个），达到序时进度1个，滞后0个"
    assert f'<p class="fs-5 mb-2" data-testid="sentence">{sentence}</p>' in html
    assert re.search(r'data-testid="stat-completed">1<', html)
    assert re.search(r'data-testid="stat-closed">0<', html)
    assert "50.0%" in html and "0.0%" in html
    region = html.split('data-testid="by-region"')[1].split("</table>")[0]
    assert (
        '<th class="text-end">已完成</th>' in region
        and '<th class="text-end">已销号</th>' in region
    )
    assert re.search(
        r"<td>株洲市</td><td class=\"text-end\">2</td><td class=\"text-end\">1</td>", region
    )
    unit = html.split('data-testid="by-unit"')[1].split("</table>")[0]
    assert "株洲市住建局" in unit
    plan = html.split('data-testid="by-plan"')[1].split("</table>")[0]
    assert "株洲市整改方案" in plan


def test_statistics_filter_by_plan_and_scope(workflow):
    html = client_for(workflow.reviewer).get("/statistics/?plan=NONE").content.decode()
    assert "反馈问题0个：已完成0个（其中已销号0个），达到序时进度0个，滞后0个" in html
    outsider = client_for(workflow.outsider).get("/statistics/").content.decode()
    assert "反馈问题0个" in outsider and "株洲市住建局" not in outsider


def test_statistics_page_shows_the_first_rows_and_the_export_has_all(workflow, monkeypatch):
    # given two lead units, and a page showing one row per table
    from io import BytesIO

    from openpyxl import load_workbook

    from duban.rectification.views import lists

    add_hetang_problem(workflow)
    monkeypatch.setattr(lists, "STATISTICS_ROWS_SHOWN", 1)
    client = client_for(workflow.reviewer)
    # when the page is shown, the unit table has one row and says how many are left out
    html = client.get("/statistics/").content.decode()
    unit = html.split('data-testid="by-unit"')[1].split("</table>")[0]
    assert unit.count("<tr data-key=") == 1
    assert 'data-testid="by-unit-more">另有 1 行未显示' in html
    assert 'data-testid="by-plan-more"' not in html
    # then the Excel file has every row of every table
    response = client.get("/statistics/?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd")
    book = load_workbook(BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["按地区", "按牵头单位", "按整改方案"]
    units = [row for row in book["按牵头单位"].iter_rows(values_only=True)]
    assert units[0][:2] == ("名称", "问题数")
    assert sorted(row[0] for row in units[1:]) == ["株洲市住建局", "荷塘区住建局"]


def test_statistics_query_count_does_not_grow(workflow):
    w = workflow
    client = client_for(w.reviewer)
    client.get("/statistics/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/statistics/")
        return len(captured)

    before = queries()
    for number in range(2, 12):
        add_problem(w, f"HN-ZZ-{number:02d}", region="430202" if number % 2 else "430212")
    assert queries() == before


# --- navigation and hygiene -----------------------------------------------------------------


def test_navigation_lists_the_pages_by_role(workflow):
    reviewer = client_for(workflow.reviewer).get("/").content.decode()
    for url, label in [
        ("/problems/", "问题清单"),
        ("/tasks/", "任务清单"),
        ("/review/", "审核"),
        ("/warnings/", "预警"),
        ("/statistics/", "统计"),
        ("/inbox/", "消息"),
    ]:
        assert f'href="{url}">{label}</a>' in reviewer
    reporter = client_for(workflow.reporter).get("/").content.decode()
    assert 'href="/problems/"' in reporter and 'href="/review/"' not in reporter


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_no_inline_script(workflow, path):
    review_setup(workflow)
    notify(workflow.reviewer, workflow.task, "x")
    html = client_for(workflow.reviewer).get(path).content.decode()
    assert [s for s in re.findall(r"<script([^>]*)>", html) if "src=" not in s] == []
    assert not re.search(r"\son[a-z]+=", html)


def test_hostile_titles_are_escaped_in_queues(workflow, settings):
    w = workflow
    hostile = '<script>alert("x")</script>'
    task = add_task(w.problem, 2, unit=w.housing, person=w.responsible, title=hostile)
    drive_to_completed(w, task)
    notify(w.reporter, task, "x", message=hostile)
    scan(today=clock.today() + timedelta(days=100))
    for user, path in [
        (w.reviewer, "/review/"),
        (w.reporter, "/inbox/"),
        (w.reviewer, "/warnings/"),
    ]:
        html = client_for(user).get(path).content.decode()
        assert "<script>alert" not in html, path
    assert "&lt;script&gt;" in client_for(w.reviewer).get("/review/").content.decode()


# --- query counts ---------------------------------------------------------------------------


def grow(w, start: int, stop: int) -> None:
    """Tasks that show on every queue: pending extensions, some completed, near deadlines."""
    for number in range(start, stop):
        task = add_task(
            w.problem,
            number,
            unit=w.housing,
            person=w.responsible,
            deadline=clock.today() + timedelta(days=5),
        )
        task.co_units.add(w.sibling)
        extension_request(
            actor=w.reporter,
            task_id=task.pk,
            new_deadline=task.deadline + timedelta(days=30),
            reason="需要更多时间",
        )
        if number % 2:
            drive_to_completed(w, task)
        notify(w.reporter, task, f"k{number}")
    scan()


@pytest.mark.parametrize(
    ("path", "who"),
    [("/review/", "reviewer"), ("/warnings/", "reporter"), ("/inbox/", "reporter")],
)
def test_queue_query_count_does_not_grow(workflow, path, who):
    w = workflow
    client = client_for(getattr(w, who))
    grow(w, 2, 4)
    client.get(path)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    with_two = queries()
    grow(w, 4, 16)
    html = client.get(path).content.decode()
    assert "HN-ZZ-01-14" in html
    assert queries() == with_two


# --- template helpers -----------------------------------------------------------------------


def test_template_helpers(settings):
    from datetime import date

    from duban.core.templatetags import duban_tags

    settings.DUBAN_TODAY = date(2026, 5, 10)
    assert str(duban_tags.verb_label("task.closed")) == "已销号"
    assert str(duban_tags.verb_label("organization.created")) == "新建单位"
    assert duban_tags.verb_label("something.new") == "something.new"
    assert duban_tags.deadline_countdown(date(2026, 5, 12)) == "剩余2天"
    assert duban_tags.deadline_countdown(date(2026, 5, 10)) == "今日到期"
    assert duban_tags.deadline_countdown(date(2026, 5, 7)) == "逾期3天"
    assert duban_tags.deadline_countdown(None) == "—"
    assert duban_tags.tag_list("黑臭水体，湘江、 污水,") == ["黑臭水体", "湘江", "污水"]
    assert 'class="badge text-bg-danger"' in duban_tags.badge("warning", "red", "红色")
    assert 'class="badge text-bg-info"' in duban_tags.badge("task_state", "completed", "已完成")
    assert 'class="badge text-bg-success"' in duban_tags.badge("task_state", "closed", "已销号")
