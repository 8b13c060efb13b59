"""SYSTEM acts for the daily job and the command line; a missing principal is refused."""

from __future__ import annotations

import copy
import pickle

import pytest

from duban.core import ledger
from duban.core.models import Event
from duban.core.principal import SYSTEM, user_of
from duban.inspections.models import Plan, Problem
from duban.inspections.services import plan_create
from duban.rectification.choices import TaskState
from duban.rectification.services import task_transition
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.django_db


def test_system_is_one_recognisable_object():
    assert repr(SYSTEM) == "SYSTEM"
    assert copy.copy(SYSTEM) is SYSTEM
    assert copy.deepcopy({"actor": SYSTEM})["actor"] is SYSTEM
    assert pickle.loads(pickle.dumps(SYSTEM)) is SYSTEM


def test_the_author_stored_for_a_write(db):
    user = make_user("author")
    assert user_of(user) == user
    assert user_of(SYSTEM) is None
    with pytest.raises(TypeError):
        user_of(None)


def test_system_events_are_recorded_without_an_actor(db):
    organization = make_organization("株洲市住建局")
    event = ledger.record(actor=SYSTEM, verb="test.touched", subject=organization)
    assert Event.objects.get(seq=event.seq).actor_id is None


def test_the_ledger_refuses_no_actor_and_writes_nothing(db):
    organization = make_organization("株洲市住建局")
    before = Event.objects.count()
    with pytest.raises(TypeError, match="no principal"):
        ledger.record(actor=None, verb="test.touched", subject=organization)
    assert Event.objects.count() == before


def test_a_task_move_without_an_actor_is_refused_and_changes_nothing(workflow):
    events = Event.objects.count()
    with pytest.raises(TypeError, match="no principal"):
        task_transition(actor=None, task_id=workflow.task.pk, action="acknowledge")
    workflow.task.refresh_from_db()
    assert workflow.task.state == TaskState.ASSIGNED
    assert Event.objects.count() == events


def test_planning_without_an_actor_is_refused_and_creates_nothing(workflow):
    before = (Event.objects.count(), Plan.objects.count(), Problem.objects.count())
    with pytest.raises(TypeError, match="no principal"):
        plan_create(
            actor=None,
            code="ZZ-2026",
            title="无人之案",
            region=workflow.problem.region,
            office=workflow.office,
            dispatch_starts_on=workflow.task.assigned_on,
        )
    assert (Event.objects.count(), Plan.objects.count(), Problem.objects.count()) == before
