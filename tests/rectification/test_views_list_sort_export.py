"""Sorting and the Excel export of the lists (core.web.lists), shown on the task list: the
export is the page's own rows — same selector, same filters, same order, same scope."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from duban.core import clock
from duban.core.web import lists
from duban.inspections.listings import PROBLEMS
from duban.rectification.models import Task
from duban.rectification.views.listings import RESPONSIBILITY, TASKS
from tests.clients import client_for
from tests.factories import add_hetang_problem, add_problem, add_task
from tests.rectification.test_views_lists import task_codes

pytestmark = pytest.mark.django_db


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == lists.XLSX
    return load_workbook(io.BytesIO(response.content)).active


def rows_of(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def three_deadlines(workflow):
    """HN-ZZ-01-1 due in 90 days, -2 in 30 days, -3 in 60 days."""
    w = workflow
    today = clock.today()
    add_task(w.problem, 2, unit=w.housing, person=w.responsible, deadline=today + timedelta(30))
    add_task(w.problem, 3, unit=w.housing, person=w.responsible, deadline=today + timedelta(60))
    return w


def test_sorting_by_deadline_both_ways(three_deadlines):
    client = client_for(three_deadlines.reviewer)
    up = client.get("/tasks/?sort=deadline").content.decode()
    assert task_codes(up) == ["HN-ZZ-01-2", "HN-ZZ-01-3", "HN-ZZ-01-1"]
    assert re.search(r'<th aria-sort="ascending"><a class="sort-link" href="\?sort=-deadline"', up)
    down = client.get("/tasks/?sort=-deadline").content.decode()
    assert task_codes(down) == ["HN-ZZ-01-1", "HN-ZZ-01-3", "HN-ZZ-01-2"]
    assert 'aria-sort="descending"' in down


def test_an_unknown_sort_key_is_ignored(three_deadlines):
    """Like a stale filter value: the page answers in its default order, never an error."""
    client = client_for(three_deadlines.reviewer)
    default = task_codes(client.get("/tasks/").content.decode())
    for query in ["sort=measures", "sort=pk", "sort=-password", "sort=problem__plan__code"]:
        response = client.get(f"/tasks/?{query}")
        assert response.status_code == 200
        assert task_codes(response.content.decode()) == default
        assert "aria-sort" not in response.content.decode()


@pytest.mark.parametrize("listing", [TASKS, RESPONSIBILITY], ids=["tasks", "responsibility"])
def test_every_declared_sort_key_sorts(three_deadlines, listing):
    w = three_deadlines
    add_hetang_problem(w)
    view = "tasks" if listing is TASKS else "responsibility"
    client = client_for(w.reviewer)
    every = sorted(task_codes(client.get(f"/tasks/?view={view}").content.decode()))
    assert len(every) == 4
    for column in listing.columns:
        if not column.sortable:
            continue
        for param in (column.key, f"-{column.key}"):
            html = client.get(f"/tasks/?view={view}&sort={param}").content.decode()
            order = "descending" if param.startswith("-") else "ascending"
            assert f'aria-sort="{order}"' in html, param
            assert sorted(task_codes(html)) == every  # reordered, never a row more or less


def test_export_is_the_pages_rows_with_its_filters_and_order(three_deadlines):
    w = three_deadlines
    add_hetang_problem(w)
    client = client_for(w.reviewer)
    query = f"lead_unit={w.housing.pk}&sort=-deadline"
    page = task_codes(client.get(f"/tasks/?{query}").content.decode())
    response = client.get(f"/tasks/?{query}&format=xlsx")
    rows = rows_of(sheet_of(response))
    assert rows[0] == [str(column.label) for column in TASKS.columns]
    assert rows[0][:3] == ["任务编号", "标题", "问题"]
    assert [row[0] for row in rows[1:]] == page == ["HN-ZZ-01-1", "HN-ZZ-01-3", "HN-ZZ-01-2"]
    first = rows[1]
    assert first[6].date() == w.task.deadline  # a real date cell
    assert first[7] == "已交办"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "%E4%BB%BB%E5%8A%A1%E6%B8%85%E5%8D%95" in disposition  # 任务清单
    assert disposition.endswith(".xlsx")


def test_export_never_holds_a_row_out_of_scope(workflow):
    add_hetang_problem(workflow)  # led by the outsider's bureau in 荷塘区
    outsider = rows_of(sheet_of(client_for(workflow.outsider).get("/tasks/?format=xlsx")))
    assert [row[0] for row in outsider[1:]] == ["HN-ZZ-HT-1"]
    reporter = client_for(workflow.reporter).get("/tasks/?view=responsibility&format=xlsx")
    assert [row[0] for row in rows_of(sheet_of(reporter))[1:]] == ["HN-ZZ-01-1"]


def test_formula_looking_text_is_text(workflow):
    w = workflow
    Task.objects.filter(pk=w.task.pk).update(
        title='=HYPERLINK("http://evil","点我")', measures="+1+2", target="@SUM(A1)\x0b-3"
    )
    sheet = sheet_of(client_for(w.reviewer).get("/tasks/?format=xlsx"))
    title, measures, target = sheet["B2"], sheet["E2"], sheet["F2"]
    assert title.value == '=HYPERLINK("http://evil","点我")' and title.data_type == "s"
    assert measures.value == "+1+2" and measures.data_type == "s"
    assert target.value == "@SUM(A1)\n-3" and target.data_type == "s"  # vertical tab: newline


def test_too_many_rows_are_refused_with_a_message(workflow, monkeypatch):
    monkeypatch.setattr(lists, "EXPORT_LIMIT", 1)
    add_problem(workflow, "HN-ZZ-02")
    client = client_for(workflow.reviewer)
    response = client.get("/tasks/?state=assigned&format=xlsx")
    assert response.status_code == 302
    assert response["Location"] == "/tasks/?state=assigned"
    html = client.get(response["Location"]).content.decode()
    assert "共2行符合条件" in html


def test_problem_list_exports_its_columns(workflow):
    sheet = sheet_of(client_for(workflow.reviewer).get("/problems/?format=xlsx&sort=-task_count"))
    rows = rows_of(sheet)
    assert rows[0] == [str(column.label) for column in PROBLEMS.columns]
    assert rows[0][:3] == ["问题编号", "标题", "行政区划"]
    assert rows[1][0] == "HN-ZZ-01" and rows[1][-1] == 1
