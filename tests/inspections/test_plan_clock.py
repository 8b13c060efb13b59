"""The plan clock measures submission (上报) of the plan, not its approval."""

from datetime import date, timedelta

import pytest

from duban.core.models import Region
from duban.core.principal import SYSTEM
from duban.inspections.rules import plan_due_on, plan_submitted_in_time
from duban.inspections.selectors import plan_clock
from duban.inspections.services import plan_create, problem_create
from tests.factories import make_workflow

pytestmark = pytest.mark.django_db

FEEDBACK_ON = date(2021, 7, 16)


def _problem_with_plan(*, submitted_on: date | None, approved_on: date | None):
    w = make_workflow()
    plan = plan_create(
        actor=SYSTEM,
        code="HN-2021",
        title="湖南省整改方案",
        region=Region.objects.get(code="430200"),
        office=w.office,
        dispatch_starts_on=FEEDBACK_ON,
        submitted_on=submitted_on,
        submitted_to="党中央、国务院",
        approved_on=approved_on,
        approved_by="党中央、国务院",
    )
    return problem_create(
        actor=SYSTEM,
        code="HN-ZZ-09",
        source="feedback",
        title="问题",
        description="描述",
        region=plan.region,
        plan=plan,
        categories=["water"],
        feedback_on=FEEDBACK_ON,
    )


def test_the_rule_compares_the_submission_date_with_the_due_date():
    due = plan_due_on(FEEDBACK_ON).due_on
    assert due == date(2021, 8, 27)
    assert plan_submitted_in_time(submitted_on=due, due_on=due)
    assert not plan_submitted_in_time(submitted_on=due + timedelta(days=1), due_on=due)
    assert not plan_submitted_in_time(submitted_on=None, due_on=due)


def test_a_plan_approved_late_but_submitted_in_time_is_on_time():
    # given a plan submitted on the due date and approved two months later
    due = plan_due_on(FEEDBACK_ON).due_on
    problem = _problem_with_plan(submitted_on=due, approved_on=due + timedelta(days=60))
    # when the clock is read long after the due date
    state = plan_clock(problem=problem, today=due + timedelta(days=90))
    # then the plan was submitted in time and nothing is overdue
    assert state is not None
    assert state.submitted_on == due and state.submitted_to == "党中央、国务院"
    assert state.submitted_in_time is True and state.overdue is False


def test_a_plan_submitted_late_is_late_even_if_approved_soon_after():
    due = plan_due_on(FEEDBACK_ON).due_on
    problem = _problem_with_plan(
        submitted_on=due + timedelta(days=1), approved_on=due + timedelta(days=2)
    )
    state = plan_clock(problem=problem, today=due + timedelta(days=3))
    assert state is not None
    assert state.submitted_in_time is False and state.overdue is True


def test_a_plan_not_yet_submitted_is_overdue_only_after_the_due_date():
    due = plan_due_on(FEEDBACK_ON).due_on
    problem = _problem_with_plan(submitted_on=None, approved_on=None)
    on_the_day = plan_clock(problem=problem, today=due)
    after = plan_clock(problem=problem, today=due + timedelta(days=1))
    assert on_the_day is not None and after is not None
    assert on_the_day.overdue is False and after.overdue is True


def test_a_submission_is_recorded_in_the_ledger():
    from duban.core.models import Event

    due = plan_due_on(FEEDBACK_ON).due_on
    problem = _problem_with_plan(submitted_on=due, approved_on=None)
    event = Event.objects.get(verb="plan.submitted")
    assert event.subject_id == str(problem.plan.pk)
    assert event.data == {"submitted_on": f"{due:%Y-%m-%d}", "submitted_to": "党中央、国务院"}
