"""The pages whose scope filters read the ledger or the task scope take the same number of
queries however many rows, events and units there are (issue 17: national scale)."""

from __future__ import annotations

import pytest

from duban.core.models import Event
from duban.rectification.models import Task
from duban.rectification.services import task_transition
from tests.clients import client_for, count_queries
from tests.factories import add_problem, add_task, make_organization

PAGES = ["/", "/problems/", "/tasks/", "/problems/HN-ZZ-01/"]


@pytest.mark.parametrize("who", ["reviewer", "reporter"])
@pytest.mark.parametrize("path", PAGES)
def test_query_count_does_not_grow_with_rows_or_events(workflow, path, who):
    # given a city office (sees its region) and a department (sees its subtree's tasks)
    w = workflow
    add_problem(w, "HN-ZZ-02")
    add_task(w.problem, 2, unit=w.housing, person=w.responsible).co_units.add(w.sibling)
    client = client_for(getattr(w, who))
    client.get(path)  # warm up per-process caches (content types, sessions)
    before = count_queries(client, path)
    events_before = Event.objects.count()
    # when tasks, co-units below the department, problems and their events multiply
    below = make_organization("住建局下属中心", parent=w.housing)
    for number in range(3, 21):
        task = add_task(w.problem, number, unit=w.housing, person=w.responsible)
        task.co_units.add(w.sibling, below)
        task_transition(actor=w.reporter, task_id=task.pk, action="acknowledge")
    for number in range(3, 21):
        add_problem(w, f"HN-ZZ-{number:02d}")
    # then the page asks the same number of queries
    assert Task.objects.filter(problem=w.problem).count() == 20
    assert Event.objects.count() > events_before + 50
    assert count_queries(client, path) == before
