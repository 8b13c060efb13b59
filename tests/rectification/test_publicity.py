"""公示 runs its full course in working days; 销号 waits for it, whoever asks (issue 9)."""

from __future__ import annotations

from datetime import date

import pytest

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.models import Event
from duban.errors import ApplicationError, InvalidTransition, NotFound, NotPermitted
from duban.rectification.choices import TaskState
from duban.rectification.models import Objection, Task
from duban.rectification.selectors import task_actions
from duban.rectification.services import (
    acceptance_record,
    closure_request,
    objection_answer,
    objection_record,
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
            document_check_reason="整改资料经逐项审核，佐证材料完整",
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


# Objections (异议)

DURING = date(2025, 9, 29)
AFTER = date(2025, 10, 10)


def record(w, task: Task, *, on: date = DURING, actor=None) -> Objection:
    with clock.frozen(on):
        return objection_record(
            actor=actor or w.reviewer,
            task_id=task.pk,
            received_on=on,
            channel="phone",
            content="雨天仍有污水溢流",
            objector="李先生",
        )


def test_an_open_objection_holds_closure_by_reviewer_and_daily_job(workflow):
    task = publicize(workflow)
    objection = record(workflow, task)
    with clock.frozen(AFTER), pytest.raises(InvalidTransition) as refused:
        task_transition(actor=workflow.reviewer, task_id=task.pk, action="close")
    assert refused.value.code == "objection_open"
    with clock.frozen(AFTER):
        assert scan().closed == 0
    assert snapshot(task)[0] == TaskState.PUBLICIZED
    recorded = Event.objects.get(verb="objection.recorded")
    assert (recorded.reason, recorded.data["objection"]) == ("雨天仍有污水溢流", objection.pk)


def test_answered_objection_lets_the_job_close_and_the_ledger_says_so(workflow):
    task = publicize(workflow)
    objection = record(workflow, task)
    with clock.frozen(DURING):
        objection_answer(
            actor=workflow.reviewer, objection_id=objection.pk, answer="经复核已整改", upheld=False
        )
    with clock.frozen(AFTER):
        assert scan().closed == 1
    closed = Event.objects.get(verb="task.closed")
    assert "无异议" not in closed.reason and "异议" in closed.reason
    answered = Event.objects.get(verb="objection.answered")
    assert (answered.reason, answered.data["upheld"]) == ("经复核已整改", False)


def test_no_objection_at_all_is_closed_as_without_objection(workflow):
    publicize(workflow)
    with clock.frozen(AFTER):
        scan()
    assert Event.objects.get(verb="task.closed").reason == "公示期满无异议，予以销号"


def test_upheld_objection_returns_the_task_with_the_objection_as_reason(workflow):
    task = publicize(workflow)
    objection = record(workflow, task)
    with clock.frozen(DURING):
        objection_answer(
            actor=workflow.reviewer, objection_id=objection.pk, answer="属实", upheld=True
        )
    task.refresh_from_db()
    assert (task.state, task.publicity_ends_on) == (TaskState.IN_PROGRESS, None)
    returned = Event.objects.get(verb="task.returned")
    assert "雨天仍有污水溢流" in returned.reason and returned.data["objection"] == objection.pk


def test_objection_refusals_change_nothing(workflow):
    task = publicize(workflow)
    before = snapshot(task)
    with pytest.raises(NotPermitted):
        record(workflow, task, actor=workflow.reporter)  # the unit does not record objections
    with pytest.raises(NotFound):
        record(workflow, task, actor=workflow.outsider)
    with pytest.raises(ApplicationError) as invalid:
        record(workflow, task, on=date(2025, 9, 1))  # before the notice began
    assert set(invalid.value.fields) == {"received_on"}
    assert snapshot(task) == before and Objection.objects.count() == 0
    objection = record(workflow, task)
    with clock.frozen(DURING), pytest.raises(ApplicationError) as unanswered:
        objection_answer(
            actor=workflow.reviewer, objection_id=objection.pk, answer=" ", upheld=False
        )
    assert set(unanswered.value.fields) == {"answer"}
    with clock.frozen(DURING), pytest.raises(NotPermitted):
        objection_answer(
            actor=workflow.reporter, objection_id=objection.pk, answer="x", upheld=False
        )
    objection.refresh_from_db()
    assert objection.is_open


def test_objections_are_recorded_only_during_publicity(workflow):
    drive_to_completed(workflow)
    with pytest.raises(InvalidTransition):
        record(workflow, workflow.task, on=clock.today())
