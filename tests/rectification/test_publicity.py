"""公示 runs its full course in working days; 销号 waits for it, whoever asks (issue 9)."""

from __future__ import annotations

from datetime import date

import pytest

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.models import Event
from duban.errors import InvalidTransition
from duban.rectification.choices import TaskState
from duban.rectification.models import Task
from duban.rectification.selectors import task_actions
from duban.rectification.services import (
    acceptance_record,
    closure_request,
    scan,
    task_transition,
)
from tests.images import photo
from tests.rectification.test_lifecycle import ALL_PASS, drive_to_completed

pytestmark = pytest.mark.django_db
# Thursday 2025-09-25. National Day 2025: 10-01…10-08 off; Sun 09-28 and Sat 10-11 worked.
ACCEPTED_ON = date(2025, 9, 25)
LAST_DAY = date(2025, 10, 9)


def publicize(w, *, on: date = ACCEPTED_ON, days: int | None = None) -> Task:
    with clock.frozen(on):
        drive_to_completed(w)
        evidence = attachment_store(actor=w.reporter, name="现场.png", content=photo(seed=5))
        closure_request(actor=w.reporter, task_id=w.task.pk, summary="已完成", evidence=[evidence])
        task_transition(actor=w.reviewer, task_id=w.task.pk, action="begin_acceptance")
        return acceptance_record(
            actor=w.reviewer,
            task_id=w.task.pk,
            acceptance_unit=w.office,
            signer=w.signer,
            tests=ALL_PASS,
            publicity_days=days,
        )


def snapshot(task: Task) -> tuple:
    task.refresh_from_db()
    return task.state, task.closed_on, Event.objects.count()


def test_reviewer_cannot_close_on_the_first_day_of_publicity(workflow):
    """Reproduction: the close transition had no date guard."""
    task = publicize(workflow)
    before = snapshot(task)
    with clock.frozen(ACCEPTED_ON), pytest.raises(InvalidTransition) as refused:
        task_transition(actor=workflow.reviewer, task_id=task.pk, action="close")
    assert refused.value.code == "publicity_running"
    assert snapshot(task) == before
    with clock.frozen(ACCEPTED_ON):
        offered = task_actions(user=workflow.reviewer, task=task).transitions
    assert "close" not in [t.action for t in offered]


def test_publicity_counts_working_days_on_chinas_calendar(workflow):
    """5 working days after Thu 09-25: Fri 26, Sun 28 (make-up), Mon 29, Tue 30, Thu 10-09."""
    task = publicize(workflow)
    assert task.publicity_starts_on == ACCEPTED_ON
    assert task.publicity_ends_on == LAST_DAY


def test_publicity_length_is_configurable(workflow, settings):
    settings.DUBAN_PUBLICITY_WORKING_DAYS = 10
    task = publicize(workflow)
    # …then Fri 10-10, Sat 10-11 (make-up), Mon 13, Tue 14, Wed 15.
    assert task.publicity_ends_on == date(2025, 10, 15)
    assert task.closeouts.get().publicity_days == 10


def test_close_on_the_last_day_is_refused_and_allowed_the_day_after(workflow):
    task = publicize(workflow)
    with clock.frozen(LAST_DAY), pytest.raises(InvalidTransition):
        task_transition(actor=workflow.reviewer, task_id=task.pk, action="close")
    with clock.frozen(date(2025, 10, 10)):
        closed = task_transition(actor=workflow.reviewer, task_id=task.pk, action="close")
    assert closed.state == TaskState.CLOSED


def test_daily_job_closes_only_after_publicity_ends(workflow):
    task = publicize(workflow)
    with clock.frozen(LAST_DAY):
        assert scan().closed == 0
    with clock.frozen(date(2025, 10, 10)):
        assert scan().closed == 1
    task.refresh_from_db()
    assert task.state == TaskState.CLOSED
