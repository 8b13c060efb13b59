"""Every converted list sorts by each declared key both ways and exports (?format=xlsx) the
page's own rows — the same selector, filters and scope — as a real Excel file."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from duban.accountability.views.listings import CASES, LEDGER
from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.core.listings import ORGANIZATIONS, PEOPLE
from duban.core.web import lists
from duban.core.web.lists import Listing
from duban.rectification.choices import TaskState, WarningLevel
from duban.rectification.models import Task
from duban.rectification.services import task_transition
from duban.rectification.views.listings import FILINGS, NOTIFICATIONS, REVIEW, WARNINGS
from duban.verification.listings import SIGNALS, SITE_CHECKS
from tests.accountability.conftest import open_case
from tests.clients import client_for
from tests.factories import add_task, make_organization, make_user, make_workflow
from tests.rectification.task_states import to_publicized
from tests.rectification.test_views_queues import notify
from tests.verification.scene import build_scene, make_signal, record_check

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    url: str
    listing: Listing
    row: str  # the rows' data-testid
    viewer: Any  # sees `code` in the list
    code: str  # text of a row the viewer sees, in the export's first columns
    outsider: Any = None  # may open the list but sees none of the viewer's rows


def _signals() -> Case:
    s = build_scene()
    make_signal(s.w.task, 2)
    return Case("/signals/", SIGNALS, "signal-row", s.w.reviewer, s.w.task.code, s.far_reviewer)


def _site_checks() -> Case:
    s = build_scene()
    record_check(s)
    w = s.w
    return Case(
        "/site-checks/", SITE_CHECKS, "site-check-row", w.reviewer, "株洲市整改办", s.far_reviewer
    )


def _commission(w: Any) -> tuple[Any, Any]:
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    supervisor = make_user("jw", organization=commission, role=Role.SUPERVISOR)
    far = make_organization(
        "湘潭市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION, region="430300"
    )
    open_case(w, commission, supervisor)
    return supervisor, make_user("far_jw", organization=far, role=Role.SUPERVISOR)


def _cases() -> Case:
    w = make_workflow()
    supervisor, far = _commission(w)
    return Case("/accountability/", CASES, "case-row", supervisor, "管网数据失实问题问责", far)


def _ledger() -> Case:
    w = make_workflow()
    supervisor, far = _commission(w)
    return Case("/accountability/ledger/", LEDGER, "overview-row", supervisor, w.problem.code, far)


def _organizations() -> Case:
    w = make_workflow()
    return Case("/organizations/", ORGANIZATIONS, "organization-row", w.reviewer, "株洲市住建局")


def _people() -> Case:
    w = make_workflow()
    return Case("/people/", PEOPLE, "person-row", w.reviewer, w.responsible.name)


def _review() -> Case:
    w = make_workflow()
    add_task(w.problem, 2, unit=w.housing, person=w.responsible)
    Task.objects.filter(problem=w.problem).update(state=TaskState.CLOSURE_REQUESTED)
    return Case("/review/", REVIEW, "review-task-row", w.reviewer, w.task.code)


def _warnings() -> Case:
    w = make_workflow()
    add_task(w.problem, 2, unit=w.housing, person=w.responsible, deadline=clock.today())
    Task.objects.filter(problem=w.problem).update(warning_level=WarningLevel.RED)
    return Case("/warnings/", WARNINGS, "warning-row", w.reviewer, w.task.code, w.outsider)


def _filings() -> Case:
    w = make_workflow()
    make_organization("湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000")
    to_publicized(w)  # then closed: filed with the office above 株洲's
    ends_on = Task.objects.get(pk=w.task.pk).publicity_ends_on
    with override_settings(DUBAN_TODAY=ends_on + timedelta(days=1)):
        task_transition(actor=w.reviewer, task_id=w.task.pk, action="close")
    return Case("/filings/", FILINGS, "filing-row", w.reviewer, w.task.code, w.outsider)


def _inbox() -> Case:
    w = make_workflow()
    notify(w.reporter, w.task, "old", read=True)
    notify(w.reporter, w.task, "new", level="red")
    notify(w.reporter, w.task, "todo", level="")
    return Case("/inbox/", NOTIFICATIONS, "notification", w.reporter, "提醒new", w.outsider)


SCENES: dict[str, Callable[[], Case]] = {
    "signals": _signals,
    "site_checks": _site_checks,
    "cases": _cases,
    "ledger": _ledger,
    "organizations": _organizations,
    "people": _people,
    "review": _review,
    "warnings": _warnings,
    "filings": _filings,
    "inbox": _inbox,
}


def _rows(html: str, row: str) -> int:
    return html.count(f'data-testid="{row}"')


def _export(client: Any, url: str) -> list[list[Any]]:
    response = client.get(f"{url}?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == lists.XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("name", SCENES)
def test_every_declared_sort_key_sorts_both_ways(name):
    case = SCENES[name]()
    client = client_for(case.viewer)
    count = _rows(client.get(case.url).content.decode(), case.row)
    assert count >= 1
    sortable = [column.key for column in case.listing.columns if column.sortable]
    assert sortable
    for key in sortable:
        for param, order in ((key, "ascending"), (f"-{key}", "descending")):
            response = client.get(f"{case.url}?sort={param}")
            assert response.status_code == 200, param
            html = response.content.decode()
            assert f'aria-sort="{order}"' in html, param
            assert _rows(html, case.row) == count, param  # reordered, never a row more or less


@pytest.mark.parametrize("name", SCENES)
def test_export_holds_the_pages_rows_and_nothing_out_of_scope(name):
    case = SCENES[name]()
    client = client_for(case.viewer)
    html = client.get(case.url).content.decode()
    rows = _export(client, case.url)
    assert rows[0] == [str(column.label) for column in case.listing.columns]
    assert len(rows) - 1 == _rows(html, case.row)
    assert any(case.code in str(cell) for row in rows[1:] for cell in row[:3])
    if case.outsider is not None:
        theirs = client_for(case.outsider)
        assert _rows(theirs.get(case.url).content.decode(), case.row) == 0
        assert _export(theirs, case.url) == rows[:1]  # the header, none of the viewer's rows
