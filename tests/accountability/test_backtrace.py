"""问题倒查: responsibility as of a date, replayed from the ledger, through the API and page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from duban.accountability.backtrace import missed_notices, responsibility_as_of
from duban.core import clock
from duban.core.principal import SYSTEM
from duban.rectification.services import task_create, task_update_responsibility
from duban.supervision.services import notice_issue
from tests.clients import client_for
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed(scene):
    """The responsible person changes 10 days from now (人事调整)."""
    successor = make_person("接任者", organization=scene.w.housing, post="局长")
    with clock.frozen(clock.today() + timedelta(days=10)):
        task_update_responsibility(
            actor=scene.w.reviewer,
            task=scene.w.task,
            responsible_person=successor,
            reason="人事调整",
        )
    return scene


def test_api_before_and_after_a_change(changed):
    client = client_for(changed.w.reviewer)
    before = (clock.today() + timedelta(days=9)).isoformat()
    after = (clock.today() + timedelta(days=10)).isoformat()
    then = client.get(f"/api/problems/HN-ZZ-01/responsibility?at={before}").json()
    assert [(t["code"], t["lead_unit"], t["responsible_person"]) for t in then["tasks"]] == [
        ("HN-ZZ-01-1", "株洲市住建局", "周建国（局长）")
    ]
    assert then["changes"] == []
    now = client.get(f"/api/problems/HN-ZZ-01/responsibility?at={after}").json()
    assert now["tasks"][0]["responsible_person"] == "接任者（局长）"
    assert [(c["field"], c["old"], c["new"]) for c in now["changes"]] == [
        ("responsible_person", "周建国（局长）", "接任者（局长）")
    ]
    verbs_then = [e["verb"] for e in then["events"]]
    verbs_now = [e["verb"] for e in now["events"]]
    assert "task.updated" not in verbs_then and "task.updated" in verbs_now


def test_page_shows_who_was_responsible(changed):
    client = client_for(changed.supervisor)
    day = (clock.today() + timedelta(days=1)).isoformat()
    page = client.get(f"/problems/HN-ZZ-01/responsibility/?at={day}").content.decode()
    assert '<td data-testid="responsible-person">周建国（局长）</td>' in page
    later = (clock.today() + timedelta(days=30)).isoformat()
    page = client.get(f"/problems/HN-ZZ-01/responsibility/?at={later}").content.decode()
    assert '<td data-testid="responsible-person">接任者（局长）</td>' in page


def test_a_task_typed_in_later_counts_from_its_assignment_day(scene):
    """A ledger entered after the fact still says who was assigned from when."""
    assigned_on = clock.today() - timedelta(days=200)
    task_create(
        actor=SYSTEM,
        problem=scene.w.problem,
        number=2,
        title="建立排查台账",
        measures="排查",
        target="如实报送",
        kind="deadline",
        lead_unit=scene.w.housing,
        responsible_person=scene.w.responsible,
        supervising_leader=scene.w.leader,
        acceptance_level="city",
        assigned_on=assigned_on,
        deadline=assigned_on + timedelta(days=30),
    )
    then = responsibility_as_of(scene.w.problem, assigned_on + timedelta(days=1))
    assert [(t.code, t.responsible_person, t.missed_deadline) for t in then] == [
        ("HN-ZZ-01-2", "周建国（局长）", False)
    ]
    later = responsibility_as_of(scene.w.problem, assigned_on + timedelta(days=31))
    assert [(t.code, t.missed_deadline) for t in later] == [("HN-ZZ-01-2", True)]
    assert responsibility_as_of(scene.w.problem, assigned_on - timedelta(days=1)) == []


def test_unanswered_notice_is_a_missed_deadline(scene):
    due = clock.today() + timedelta(days=5)
    notice_issue(
        actor=scene.w.reviewer,
        issuer=scene.w.office,
        target=scene.w.housing,
        tasks=[scene.w.task],
        level="notice",
        demands="加快进度",
        due_on=due,
    )
    assert missed_notices(scene.w.problem, due) == []
    missed = missed_notices(scene.w.problem, due + timedelta(days=1))
    assert [(n.level, n.due_on, n.responded_on) for n in missed] == [("notice", due, None)]
    body = (
        client_for(scene.w.reviewer)
        .get(f"/api/problems/HN-ZZ-01/responsibility?at={due + timedelta(days=1)}")
        .json()
    )
    assert [n["due_on"] for n in body["missed_notices"]] == [due.isoformat()]
