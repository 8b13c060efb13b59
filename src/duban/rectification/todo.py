"""What waits for a user in rectification (待办), registered with core.dashboard: the lead
unit's tasks to acknowledge, reports owed, returned tasks; the office's closure requests,
extension requests, objections and overdue tasks. Each is a queryset through task_visible_to,
narrowed to the side that acts (rectification.transitions), so the count is the list."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Exists, Max, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from duban.core import clock
from duban.core.dashboard import Todo
from duban.core.ledger import subject_type_of
from duban.core.models import Event
from duban.core.roles import REVIEWERS, WORKERS
from duban.core.scope import Scope, scope_of
from duban.inspections.choices import ScheduleStatus
from duban.rectification.choices import REPORTING_STATES, ExtensionState, TaskState, Verb
from duban.rectification.models import ExtensionRequest, Objection, Task
from duban.rectification.selectors import task_visible_to
from duban.rectification.services.schedule import report_is_missing


def works_in_a_unit(scope: Scope) -> bool:
    """Staff of a working unit (not of a coordinating office): the lead side's to-dos."""
    return any(grant.role in WORKERS and not grant.coordinating for grant in scope.grants)


def reviews(scope: Scope) -> bool:
    """A reviewer of a coordinating office: the oversight side's to-dos."""
    return scope.oversees_anywhere(REVIEWERS)


def lead_side(user: Any) -> QuerySet[Task]:
    """Visible tasks whose lead unit the user works for (Scope.holds(WORKERS, lead_unit))."""
    return task_visible_to(user).filter(scope_of(user).with_roles(WORKERS).path_q("lead_unit"))


def oversight_side(user: Any) -> QuerySet[Task]:
    """Visible tasks in a region the user reviews over (Scope.oversees(REVIEWERS, region))."""
    reviewing = scope_of(user).with_roles(REVIEWERS)
    return task_visible_to(user).filter(reviewing.region_q("problem__region__code"))


def to_acknowledge(user: Any) -> QuerySet[Task]:
    return lead_side(user).filter(state=TaskState.ASSIGNED)


def reports_owed(user: Any) -> QuerySet[Task]:
    """Open tasks that owe the report of the last full dispatch period (the scan's rule)."""
    today = clock.today()
    candidates = (
        lead_side(user)
        .filter(state__in=REPORTING_STATES)
        .select_related("problem__plan")
        .annotate(latest_period=Max("reports__period_start"))
    )
    owing = [
        task.pk
        for task in candidates
        if report_is_missing(task=task, latest_period_start=task.latest_period, today=today)  # type: ignore[attr-defined]
    ]
    return Task.objects.filter(pk__in=owing)


def returned(user: Any) -> QuerySet[Task]:
    """In progress again after a return or a reopening (the only moves back to in progress
    besides the first start, which no return can precede)."""
    sent_back = Event.objects.filter(
        subject_type=subject_type_of(Task),
        subject_id=Cast(OuterRef("pk"), CharField()),
        verb__in=[Verb.TASK_RETURNED, Verb.TASK_REOPENED],
    )
    return lead_side(user).filter(state=TaskState.IN_PROGRESS).filter(Exists(sent_back))


def to_accept(user: Any) -> QuerySet[Task]:
    states = [TaskState.CLOSURE_REQUESTED, TaskState.UNDER_ACCEPTANCE]
    return oversight_side(user).filter(state__in=states)


def extensions_to_decide(user: Any) -> QuerySet[Task]:
    pending = ExtensionRequest.objects.filter(task=OuterRef("pk"), state=ExtensionState.PENDING)
    return oversight_side(user).filter(Exists(pending))


def objections_to_answer(user: Any) -> QuerySet[Task]:
    waiting = Objection.objects.filter(task=OuterRef("pk"), answered_at__isnull=True)
    return oversight_side(user).filter(state=TaskState.PUBLICIZED).filter(Exists(waiting))


def overdue(user: Any) -> QuerySet[Task]:
    return oversight_side(user).filter(schedule_status=ScheduleStatus.OVERDUE)


TODOS = [
    Todo("acknowledge", _("Tasks to acknowledge"), works_in_a_unit, to_acknowledge, "task-list"),
    Todo("report", _("Reports owed this period"), works_in_a_unit, reports_owed, "task-list"),
    Todo("returned", _("Returned tasks"), works_in_a_unit, returned, "task-list", urgent=True),
    Todo("accept", _("Closure requests to accept"), reviews, to_accept, "task-list"),
    Todo("extension", _("Extension requests"), reviews, extensions_to_decide, "task-list"),
    Todo("objection", _("Objections to answer"), reviews, objections_to_answer, "task-list"),
    Todo("overdue", _("Overdue tasks"), reviews, overdue, "task-list", urgent=True),
]
