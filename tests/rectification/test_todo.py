"""待办: each role's counts on the home page, the badge, and the lists the links open."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from duban.core.dashboard import todo_list
from duban.rectification.services import scan, task_transition
from tests.rectification.cast import drive, drive_to_under_acceptance


def counts(user) -> dict[str, int]:
    user = type(user).objects.get(pk=user.pk)  # a fresh object: no memoised counts
    return {entry["key"]: entry["count"] for entry in todo_list(user)}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_side_sees_its_own_to_dos(workflow):
    w = workflow
    reporter = counts(w.reporter)
    assert (reporter["acknowledge"], reporter["returned"], reporter["notices"]) == (1, 0, 0)
    assert "accept" not in reporter  # a unit's staff reviews nothing
    assert "acknowledge" not in counts(w.reviewer)  # an office acknowledges nothing
    drive_to_under_acceptance(w)
    assert counts(w.reviewer)["accept"] == 1 and counts(w.reporter)["acknowledge"] == 0
    assert counts(w.outsider).get("accept", 0) == 0


def test_a_returned_task_waits_for_the_unit_until_it_is_completed_again(workflow):
    w = workflow
    drive_to_under_acceptance(w)
    task_transition(actor=w.reviewer, task_id=w.task.pk, action="return", reason="佐证不足")
    assert counts(w.reporter)["returned"] == 1 and counts(w.reviewer)["accept"] == 0
    drive(w, "complete")
    assert counts(w.reporter)["returned"] == 0


def test_an_overdue_task_counts_for_the_office_and_on_home(workflow, settings):
    w = workflow
    drive(w, "acknowledge")
    settings.DUBAN_TODAY = w.task.deadline + timedelta(days=2)
    scan()
    assert counts(w.reviewer)["overdue"] == 1
    page = signed_in(w.reviewer).get("/").content.decode()
    assert 'data-testid="home-overdue"' in page and "逾期任务" in page


def test_the_link_opens_the_list_of_exactly_the_rows_counted(workflow):
    w = workflow
    client = signed_in(w.reporter)
    home = client.get("/").content.decode()
    assert 'href="/tasks/?todo=acknowledge" data-testid="todo-acknowledge"' in home
    listed = client.get("/tasks/?todo=acknowledge").content.decode()
    assert listed.count('data-testid="task-row"') == 1 and 'data-testid="todo-filter"' in listed
    drive(w, "acknowledge")
    listed = client.get("/tasks/?todo=acknowledge").content.decode()
    assert listed.count('data-testid="task-row"') == 0
    # An unknown key leaves the list whole.
    assert client.get("/tasks/?todo=nonsense").content.decode().count('data-testid="task-row"') == 1


def test_the_badge_counts_every_entry_in_a_bounded_number_of_queries(
    workflow, django_assert_max_num_queries
):
    w = workflow
    client = signed_in(w.reporter)
    with django_assert_max_num_queries(16):
        badge = client.get("/todo/count/").content.decode()
    assert 'data-testid="todo-badge">1<' in badge
    drive(w, "acknowledge")
    assert "todo-badge" not in signed_in(w.reporter).get("/todo/count/").content.decode()
