"""The problem list and detail pages (who may open them: tests/inspections/test_permissions.py).

Given make_workflow's 株洲 city (a city office reviewer, the housing bureau's reporter and an
outsider from 荷塘区's bureau), each page is read in scope and out of scope.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from duban.core.models import Event, Region
from duban.core.principal import SYSTEM
from duban.inspections import selectors as inspection_selectors
from duban.inspections.rules import plan_due_on
from duban.inspections.services import (
    batch_get_or_create,
    plan_create,
    round_get_or_create,
    team_create,
)
from duban.rectification.models import Task
from duban.rectification.services import task_transition
from tests.clients import client_for, count_queries
from tests.factories import add_hetang_problem, add_problem, add_task, make_person

pytestmark = pytest.mark.django_db

PROBLEM_PAGES = ["/problems/", "/problems/HN-ZZ-01/"]


def problem_codes(html: str) -> list[str]:
    return re.findall(
        r'<tr data-testid="problem-row">\s*<td[^>]*><a href="/problems/([^/]+)/"', html
    )


# --- problem list ---------------------------------------------------------------------------


def test_problem_list_shows_rows_in_scope_in_chinese(workflow):
    add_hetang_problem(workflow)
    response = client_for(workflow.reviewer).get("/problems/")
    html = response.content.decode()
    assert response.status_code == 200
    assert problem_codes(html) == ["HN-ZZ-01", "HN-ZZ-HT"]
    assert "问题清单" in html and "任务清单" in html and "责任清单" in html
    row = html.split('data-testid="problem-row"')[1]
    for text in ["老旧污水管网改造滞后", "株洲市", "反馈问题", "水", "整改中", "达到序时进度"]:
        assert text in row
    assert re.search(r'<td class="text-end" data-label="任务数">1</td>', row)  # one task


def test_problem_list_leaves_out_other_counties(workflow):
    add_hetang_problem(workflow)
    outsider = client_for(workflow.outsider).get("/problems/").content.decode()
    assert problem_codes(outsider) == ["HN-ZZ-HT"]
    assert "老旧污水管网改造滞后" not in outsider
    reporter = client_for(workflow.reporter).get("/problems/").content.decode()
    assert problem_codes(reporter) == ["HN-ZZ-01"]


def test_problem_list_filters_narrow_the_rows(workflow):
    w = workflow
    add_hetang_problem(w)
    batch = batch_get_or_create(
        inspection_round=round_get_or_create(number=2, kind="routine", name="第二轮"),
        number=3,
        year=2021,
    )
    team = team_create(
        actor=SYSTEM,
        name="中央第六生态环境保护督察组",
        batch=batch,
        province=Region.objects.get(code="430000"),
    )
    add_problem(
        w,
        "HN-ZZ-02",
        title="工业园区废气超标",
        source="typical_case",
        categories=["air"],
        team=team,
    )
    client = client_for(w.reviewer)

    def codes(query: str) -> list[str]:
        return problem_codes(client.get(f"/problems/?{query}").content.decode())

    assert codes("") == ["HN-ZZ-01", "HN-ZZ-02", "HN-ZZ-HT"]
    assert codes("region=430202") == ["HN-ZZ-HT"]
    assert codes("region=4302") == ["HN-ZZ-01", "HN-ZZ-02", "HN-ZZ-HT"]
    assert codes(f"team={team.pk}") == ["HN-ZZ-02"]
    assert codes("source=typical_case") == ["HN-ZZ-02"]
    assert codes("category=water") == ["HN-ZZ-01", "HN-ZZ-HT"]
    assert codes("status=closed") == []
    assert codes("status=in_progress&category=air") == ["HN-ZZ-02"]
    assert codes("q=废气") == ["HN-ZZ-02"]
    assert codes("source=bogus&team=x") == ["HN-ZZ-01", "HN-ZZ-02", "HN-ZZ-HT"]  # bad values drop


def test_problem_list_region_select_holds_the_regions_in_scope(workflow):
    add_hetang_problem(workflow)
    html = client_for(workflow.reviewer).get("/problems/").content.decode()
    options = re.findall(r'<option value="(\d{6})"', html)
    assert options == ["430000", "430200", "430202"]
    outsider = client_for(workflow.outsider).get("/problems/").content.decode()
    assert re.findall(r'<option value="(\d{6})"', outsider) == ["430000", "430200", "430202"]
    assert "430212" not in outsider


def test_problem_list_pagination_keeps_filters(workflow, monkeypatch):
    monkeypatch.setattr("duban.core.web.paging.PAGE_SIZE", 1)
    add_problem(workflow, "HN-ZZ-02", title="第二个问题")
    html = client_for(workflow.reviewer).get("/problems/?category=water&q=").content.decode()
    assert problem_codes(html) == ["HN-ZZ-01"]
    assert 'href="?category=water&amp;q=&amp;page=2"' in html
    second = client_for(workflow.reviewer).get("/problems/?category=water&q=&page=2")
    assert problem_codes(second.content.decode()) == ["HN-ZZ-02"]


# --- problem detail -------------------------------------------------------------------------


def test_problem_detail_in_scope(workflow):
    w = workflow
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    response = client_for(w.reporter).get("/problems/HN-ZZ-01/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "老旧污水管网改造滞后",
        "大量雨污混流水直排湘江",
        "株洲市整改方案",
        "ZZ-2021",
        "水",
    ]:
        assert text in html
    tasks = html.split('data-testid="task-table"')[1].split("</table>")[0]
    assert f'href="/tasks/{w.task.pk}/"' in tasks
    for text in ["HN-ZZ-01-1", "完成老旧管网改造", "株洲市住建局", "周建国", "已签收"]:
        assert text in tasks
    timeline = html.split('data-testid="timeline"')[1]
    assert "将“完成老旧管网改造”交办" in timeline and "签收任务" in timeline  # in words
    assert "HN-ZZ-01-1 完成老旧管网改造" in timeline  # which task an event is about


def test_problem_detail_out_of_scope_is_404(workflow):
    add_hetang_problem(workflow)
    outsider = client_for(workflow.outsider)
    assert outsider.get("/problems/HN-ZZ-01/").status_code == 404
    assert outsider.get("/problems/HN-ZZ-HT/").status_code == 200
    assert client_for(workflow.reviewer).get("/problems/NO-SUCH/").status_code == 404


def test_timeline_merges_problem_and_visible_task_events_in_order(workflow):
    w = workflow
    other = add_task(
        w.problem, 2, unit=w.sibling, person=make_person("吴涛", organization=w.sibling)
    )
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    task_transition(actor=w.outsider, task_id=other.pk, action="acknowledge")

    def timeline(user) -> list[tuple[str, str]]:
        events = inspection_selectors.problem_timeline(user=user, problem=w.problem)
        return [(event.verb, event.subject_id) for event in events]

    task, second, problem = str(w.task.pk), str(other.pk), str(w.problem.pk)
    assert timeline(w.reviewer) == [
        ("problem.created", problem),
        ("task.created", task),
        ("task.created", second),
        ("task.acknowledged", task),
        ("task.acknowledged", second),
    ]
    # The housing bureau sees the problem through its own task, not the sibling's task.
    assert timeline(w.reporter) == [
        ("problem.created", problem),
        ("task.created", task),
        ("task.acknowledged", task),
    ]


def test_unknown_verbs_read_as_a_generic_sentence(workflow):
    from duban.core import ledger

    ledger.record(actor=SYSTEM, verb="custom.noted", subject=workflow.problem)
    html = client_for(workflow.reviewer).get("/problems/HN-ZZ-01/").content.decode()
    sentence = '<div data-verb="{}" data-testid="event-sentence">{}</div>'
    assert sentence.format("custom.noted", "系统：记录一项变更") in html
    assert sentence.format("problem.created", "系统 登记问题“老旧污水管网改造滞后”") in html


def test_typical_case_shows_basic_situation_and_main_issues(workflow):
    add_problem(
        workflow,
        "HN-DX-01",
        source="typical_case",
        title="典型案例",
        basic_situation="该县城区污水处理厂长期超负荷运行",
        main_issues="管网建设滞后，污水直排",
    )
    html = client_for(workflow.reviewer).get("/problems/HN-DX-01/").content.decode()
    assert "基本情况" in html and "该县城区污水处理厂长期超负荷运行" in html
    assert "主要问题" in html and "管网建设滞后，污水直排" in html
    feedback = client_for(workflow.reviewer).get("/problems/HN-ZZ-01/").content.decode()
    assert "基本情况" not in feedback


def test_plan_clock_warns_when_the_plan_is_late(workflow, settings):
    feedback_on = date(2024, 1, 2)
    due = plan_due_on(feedback_on)
    assert not due.estimated
    add_problem(workflow, "HN-ZZ-02", feedback_on=feedback_on)
    settings.DUBAN_TODAY = due.due_on + timedelta(days=1)
    html = client_for(workflow.reviewer).get("/problems/HN-ZZ-02/").content.decode()
    clock_box = html.split('data-testid="plan-clock"')[1].split('<div class="row g-4">')[0]
    assert f"{due.due_on:%Y-%m-%d}" in clock_box and "30个工作日" in clock_box
    assert 'data-testid="plan-overdue"' in clock_box and "整改方案尚未上报" in clock_box
    assert 'data-testid="plan-estimated"' not in html
    settings.DUBAN_TODAY = due.due_on
    on_the_day = client_for(workflow.reviewer).get("/problems/HN-ZZ-02/").content.decode()
    assert 'data-testid="plan-overdue"' not in on_the_day


def _plan_submitted(workflow, feedback_on, *, submitted_on, approved_on):
    return plan_create(
        actor=SYSTEM,
        code="ZZ-2024",
        title="株洲市第二轮整改方案",
        region=Region.objects.get(code="430200"),
        office=workflow.office,
        dispatch_starts_on=feedback_on,
        submitted_on=submitted_on,
        submitted_to="省委、省政府",
        approved_on=approved_on,
    )


def test_plan_clock_is_quiet_when_the_plan_was_submitted_in_time_and_approved_later(
    workflow, settings
):
    # the clock runs to submission (上报): a later approval does not make the plan late
    feedback_on = date(2024, 1, 2)
    due = plan_due_on(feedback_on)
    approved_on = due.due_on + timedelta(days=20)
    plan = _plan_submitted(workflow, feedback_on, submitted_on=due.due_on, approved_on=approved_on)
    add_problem(workflow, "HN-ZZ-02", feedback_on=feedback_on, plan=plan)
    settings.DUBAN_TODAY = due.due_on + timedelta(days=30)
    html = client_for(workflow.reviewer).get("/problems/HN-ZZ-02/").content.decode()
    assert f"整改方案已于{due.due_on:%Y-%m-%d}上报省委、省政府" in html and "按期上报" in html
    assert f"整改方案已于{approved_on:%Y-%m-%d}批准" in html
    assert "30个工作日" in html and "alert-success" in html
    assert 'data-testid="plan-overdue"' not in html and "plan-submitted-late" not in html


def test_plan_clock_says_when_the_plan_was_submitted_late(workflow, settings):
    feedback_on = date(2024, 1, 2)
    due = plan_due_on(feedback_on)
    late = due.due_on + timedelta(days=1)
    plan = _plan_submitted(workflow, feedback_on, submitted_on=late, approved_on=None)
    add_problem(workflow, "HN-ZZ-02", feedback_on=feedback_on, plan=plan)
    settings.DUBAN_TODAY = late
    html = client_for(workflow.reviewer).get("/problems/HN-ZZ-02/").content.decode()
    assert 'data-testid="plan-submitted-late"' in html and "逾期上报" in html
    assert "alert-danger" in html and "按期上报" not in html


def test_plan_clock_says_when_the_plan_is_not_yet_submitted(workflow, settings):
    feedback_on = date(2024, 1, 2)
    add_problem(workflow, "HN-ZZ-02", feedback_on=feedback_on)
    settings.DUBAN_TODAY = feedback_on + timedelta(days=3)
    html = client_for(workflow.reviewer).get("/problems/HN-ZZ-02/").content.decode()
    assert 'data-testid="plan-not-submitted"' in html and "整改方案尚未上报" in html
    assert 'data-testid="plan-overdue"' not in html


def test_plan_clock_says_when_it_is_estimated(workflow, settings):
    feedback_on = date(2099, 3, 2)  # no published holiday schedule for 2099
    add_problem(workflow, "HN-ZZ-02", feedback_on=feedback_on)
    settings.DUBAN_TODAY = date(2099, 3, 3)
    html = client_for(workflow.reviewer).get("/problems/HN-ZZ-02/").content.decode()
    assert 'data-testid="plan-estimated"' in html and "尚未公布" in html
    assert 'data-testid="plan-overdue"' not in html
    no_feedback = client_for(workflow.reviewer).get("/problems/HN-ZZ-01/").content.decode()
    assert 'data-testid="plan-clock"' not in no_feedback


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/problems/HN-ZZ-01/", "/problems/"])
def test_query_count_does_not_grow_with_rows(workflow, path):
    w = workflow
    co_unit = w.sibling
    second = add_task(w.problem, 2, unit=w.housing, person=w.responsible)
    second.co_units.add(co_unit)
    add_problem(w, "HN-ZZ-02")
    client = client_for(w.reviewer)
    client.get(path)  # warm up per-process caches (content types, sessions)
    with_two = count_queries(client, path)
    for number in range(3, 21):
        task = add_task(w.problem, number, unit=w.housing, person=w.responsible)
        task.co_units.add(co_unit)
        task_transition(actor=w.reporter, task_id=task.pk, action="acknowledge")
    for number in range(3, 21):
        add_problem(w, f"HN-ZZ-{number:02d}")
    assert Task.objects.filter(problem=w.problem).count() == 20
    assert count_queries(client, path) == with_two


# --- escaping and page hygiene --------------------------------------------------------------


def test_html_in_titles_is_escaped(workflow):
    hostile = '<script>alert("x")</script><b>粗</b>'
    add_problem(workflow, "HN-ZZ-XSS", title=hostile, description=hostile, tags=hostile)
    client = client_for(workflow.reviewer)
    for path in ["/problems/", "/problems/HN-ZZ-XSS/"]:
        html = client.get(path).content.decode()
        assert "<script>alert" not in html and "<b>粗</b>" not in html, path
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, path


@pytest.mark.parametrize("path", PROBLEM_PAGES)
def test_pages_carry_no_inline_script(workflow, path):
    html = client_for(workflow.reviewer).get(path).content.decode()
    assert [s for s in re.findall(r"<script([^>]*)>", html) if "src=" not in s] == []
    assert not re.search(r"\son[a-z]+=", html)


def test_events_are_never_written_by_reading(workflow):
    before = Event.objects.count()
    client = client_for(workflow.reviewer)
    for path in PROBLEM_PAGES:
        client.get(path)
    assert Event.objects.count() == before
