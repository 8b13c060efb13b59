"""Browsing pages: the task and responsibility lists (who may open them:
tests/rectification/test_permissions.py).

Given make_workflow's 株洲 city (a city office reviewer, the housing bureau's reporter and an
outsider from 荷塘区's bureau), each page is read in scope and out of scope.
"""

from __future__ import annotations

import re

import pytest

from duban.core.models import Event
from duban.rectification.models import Task
from duban.rectification.services import task_transition
from tests.clients import client_for, count_queries
from tests.factories import add_hetang_problem, add_problem, add_task

pytestmark = pytest.mark.django_db

TASK_PAGES = ["/tasks/", "/tasks/?view=responsibility"]


def task_codes(html: str) -> list[str]:
    # A reporter's rows start with a 签收 checkbox cell.
    return re.findall(
        r'data-testid="task-row">\s*(?:<td class="list-select">.*?</td>\s*)?'
        r'<td[^>]*><a href="/tasks/\d+/">([^<]+)</a>',
        html,
    )


# --- task list and responsibility list ------------------------------------------------------


def test_task_list_shows_the_task_columns(workflow):
    html = client_for(workflow.reviewer).get("/tasks/").content.decode()
    assert 'data-testid="task-table"' in html
    assert task_codes(html) == ["HN-ZZ-01-1"]
    row = html.split('data-testid="task-row"')[1].split("</tr>")[0]
    for text in [
        "完成老旧管网改造",
        "限期整改",
        "排查并改造",
        "改造 120 公里",
        "已交办",
        "达到序时进度",
    ]:
        assert text in row
    assert "text-bg-success" in row  # green warning / on schedule
    assert (workflow.task.deadline.strftime("%Y-%m-%d")) in row


def test_responsibility_list_shows_who_answers_for_the_task(workflow):
    html = client_for(workflow.reviewer).get("/tasks/?view=responsibility").content.decode()
    assert 'data-testid="responsibility-table"' in html
    row = html.split('data-testid="task-row"')[1].split("</tr>")[0]
    for text in ["HN-ZZ-01-1", "株洲市住建局", "周建国", "局长", "陈志远", "副市长", "市级"]:
        assert text in row
    assert re.search(r'class="nav-link active" href="/tasks/\?view=responsibility"', html)


def test_task_list_leaves_out_other_counties(workflow):
    add_hetang_problem(workflow)
    outsider = client_for(workflow.outsider).get("/tasks/").content.decode()
    assert task_codes(outsider) == ["HN-ZZ-HT-1"]
    assert "株洲市住建局" not in outsider  # not even as a lead-unit filter option
    reviewer = client_for(workflow.reviewer).get("/tasks/").content.decode()
    assert task_codes(reviewer) == ["HN-ZZ-01-1", "HN-ZZ-HT-1"]


def test_task_list_filters_narrow_the_rows(workflow):
    w = workflow
    add_hetang_problem(w)
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    client = client_for(w.reviewer)

    def codes(query: str) -> list[str]:
        return task_codes(client.get(f"/tasks/?{query}").content.decode())

    assert codes("state=acknowledged") == ["HN-ZZ-01-1"]
    assert codes("state=assigned") == ["HN-ZZ-HT-1"]
    assert codes(f"lead_unit={w.sibling.pk}") == ["HN-ZZ-HT-1"]
    assert codes("q=黑臭") == ["HN-ZZ-HT-1"]
    assert codes("plan=ZZ-2021") == ["HN-ZZ-01-1", "HN-ZZ-HT-1"]
    assert codes("plan=NONE") == []
    assert codes("warning_level=red") == []
    assert codes("schedule_status=on_schedule&view=responsibility") == ["HN-ZZ-01-1", "HN-ZZ-HT-1"]


def test_task_list_pagination_and_tabs_keep_filters(workflow, monkeypatch):
    monkeypatch.setattr("duban.core.web.paging.PAGE_SIZE", 1)
    add_task(workflow.problem, 2, unit=workflow.housing, person=workflow.responsible)
    html = client_for(workflow.reviewer).get("/tasks/?view=responsibility&state=assigned").content
    html = html.decode()
    assert 'href="?view=responsibility&amp;state=assigned&amp;page=2"' in html
    assert 'href="/tasks/?view=tasks&amp;state=assigned"' in html


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/tasks/", "/tasks/?view=responsibility"])
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
    for path in ["/tasks/", "/tasks/?view=responsibility"]:
        html = client.get(path).content.decode()
        assert "<script>alert" not in html and "<b>粗</b>" not in html, path
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, path


@pytest.mark.parametrize("path", TASK_PAGES)
def test_pages_carry_no_inline_script(workflow, path):
    html = client_for(workflow.reviewer).get(path).content.decode()
    assert [s for s in re.findall(r"<script([^>]*)>", html) if "src=" not in s] == []
    assert not re.search(r"\son[a-z]+=", html)


def test_events_are_never_written_by_reading(workflow):
    before = Event.objects.count()
    client = client_for(workflow.reviewer)
    for path in TASK_PAGES:
        client.get(path)
    assert Event.objects.count() == before
