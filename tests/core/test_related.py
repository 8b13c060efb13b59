"""core.related: what later apps add to an earlier app's rows, and nothing when none does."""

import pytest

from duban.core import related
from duban.inspections.models import Problem
from duban.inspections.schemas import ProblemDetailOut, ProblemOut
from duban.inspections.selectors import problem_get, problem_list, problem_visible_to
from tests.factories import make_workflow

pytestmark = pytest.mark.django_db


def test_rectification_lets_a_unit_reach_the_problem_of_its_task():
    # given a problem with a task led by the reporter's unit (registrations from ready())
    w = make_workflow()
    # then the reporter reaches the problem through it, and tasks are shown with problems
    assert list(problem_visible_to(w.reporter)) == [w.problem]
    assert [section.name for section in related.sections_of(Problem)] == ["tasks"]


def test_without_registrations_a_problem_is_reached_by_region_and_shows_no_rows(monkeypatch):
    # given a problem with a task, and no app contributing to problems
    w = make_workflow()
    monkeypatch.setattr(related, "_REACH", {})
    monkeypatch.setattr(related, "_SECTIONS", {})
    # then the unit working on the task no longer reaches the problem through it
    assert list(problem_visible_to(w.reporter)) == []
    # and the planner sees the problem without tasks
    assert ProblemOut.from_orm(problem_list(user=w.reviewer).get()).task_count == 0
    detail = ProblemDetailOut.from_orm(problem_get(user=w.reviewer, code=w.problem.code))
    assert detail.tasks == []


def test_later_apps_show_their_panels_on_earlier_pages(client):
    # given the registrations from ready(): accountability on problems, supervision on
    # organizations and tasks
    from duban.core.models import Organization
    from duban.rectification.models import Task

    assert related.panels_of(Problem) == ["accountability/_problem_panel.html"]
    assert related.panels_of(Organization) == ["supervision/_unit_escalations.html"]
    assert related.panels_of(Task) == ["supervision/_task_notice_link.html"]


def test_without_registrations_the_task_page_offers_no_notice(client, monkeypatch):
    # given a reviewer who may issue notices on a task
    w = make_workflow()
    client.force_login(w.reviewer)
    shown = client.get(f"/tasks/{w.task.pk}/")
    assert 'data-testid="link-notice"' in shown.content.decode()
    # when no app registers a panel for tasks
    monkeypatch.setattr(related, "_PANELS", {})
    # then the task page still renders, without supervision's link
    hidden = client.get(f"/tasks/{w.task.pk}/")
    assert hidden.status_code == 200
    assert 'data-testid="link-notice"' not in hidden.content.decode()
