"""Reads of plans, tasks, reports and notifications, narrowed to the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from duban.core.choices import Role
from duban.core.scope import scope_of
from duban.errors import NotFound
from duban.rectification.choices import ExtensionState, TaskState
from duban.rectification.models import (
    Claim,
    ExtensionRequest,
    Notification,
    Plan,
    ProgressReport,
    Task,
)
from duban.rectification.transitions import TRANSITIONS, Side, Transition


def task_scope_q(user: Any, prefix: str = "") -> Q:
    """Tasks in the user's regions, or led or co-handled by their organization subtrees."""
    scope = scope_of(user)
    if scope.everything:
        return Q()
    return (
        scope.region_q(f"{prefix}problem__region__code")
        | scope.path_q(f"{prefix}lead_unit")
        | scope.path_q(f"{prefix}co_units")
    )


def task_visible_to(user: Any) -> QuerySet[Task]:
    """The one place that decides which tasks a user sees."""
    scope = scope_of(user)
    if scope.everything:
        return Task.objects.all()
    return Task.objects.filter(pk__in=Task.objects.filter(task_scope_q(user)).values("pk"))


def plan_visible_to(user: Any) -> QuerySet[Plan]:
    scope = scope_of(user)
    if scope.everything:
        return Plan.objects.all()
    visible_tasks = task_visible_to(user).filter(problem__plan=OuterRef("pk"))
    return Plan.objects.filter(scope.region_q("region__code") | Q(Exists(visible_tasks)))


@dataclass
class TaskFilter:
    query: str = ""
    plan: str | None = None
    state: str | None = None
    schedule_status: str | None = None
    warning_level: str | None = None
    lead_unit: int | None = None
    region: str | None = None


def task_list(*, user: Any, filters: TaskFilter | None = None) -> QuerySet[Task]:
    """Tasks with what the list pages show, in a fixed number of queries."""
    filters = filters or TaskFilter()
    tasks = (
        task_visible_to(user)
        .select_related("problem__region", "lead_unit", "responsible_person", "supervising_leader")
        .prefetch_related("co_units")
    )
    if filters.query:
        tasks = tasks.filter(
            Q(title__contains=filters.query)
            | Q(problem__code__contains=filters.query)
            | Q(problem__title__contains=filters.query)
        )
    if filters.plan:
        tasks = tasks.filter(problem__plan__code=filters.plan)
    if filters.state:
        tasks = tasks.filter(state=filters.state)
    if filters.schedule_status:
        tasks = tasks.filter(schedule_status=filters.schedule_status)
    if filters.warning_level:
        tasks = tasks.filter(warning_level=filters.warning_level)
    if filters.lead_unit:
        tasks = tasks.filter(lead_unit_id=filters.lead_unit)
    if filters.region:
        tasks = tasks.filter(problem__region__code__startswith=filters.region.rstrip("0") or "x")
    return tasks


def task_get(*, user: Any, pk: int) -> Task:
    task = (
        task_visible_to(user)
        .select_related(
            "problem__region",
            "problem__plan",
            "lead_unit__region",
            "responsible_person",
            "supervising_leader",
        )
        .prefetch_related("co_units")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise NotFound("task not found", code="task_not_found")
    return task


def allowed_transitions(*, user: Any, task: Task) -> list[Transition]:
    """The moves this user may make on this task now (drives the buttons on the page)."""
    scope = scope_of(user)
    member = scope.member_roles(task.lead_unit) | ({Role.ADMIN} if scope.superuser else set())
    oversight = scope.oversight_roles(task.problem.region_id)
    allowed = []
    for transition in TRANSITIONS.values():
        roles = member if transition.side is Side.LEAD else oversight
        if (
            task.state in transition.sources
            and task.kind in transition.kinds
            and roles & transition.roles
        ):
            allowed.append(transition)
    return allowed


def report_list(*, user: Any, task: Task) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(task=task)
        .select_related("submitted_by")
        .prefetch_related(
            "attachments", Prefetch("claims", queryset=Claim.objects.order_by("metric"))
        )
    )


def latest_claims(*, task: Task) -> dict[str, Claim]:
    """The newest version of each metric the task's reports claimed."""
    latest: dict[str, Claim] = {}
    for claim in Claim.objects.filter(task=task).order_by("metric", "version"):
        latest[claim.metric] = claim
    return latest


def review_queue(*, user: Any) -> dict[str, Any]:
    """What waits for a reviewer: closure requests, acceptances, pending extensions."""
    tasks = task_list(user=user).filter(
        state__in=[TaskState.CLOSURE_REQUESTED, TaskState.UNDER_ACCEPTANCE, TaskState.COMPLETED]
    )
    extensions = ExtensionRequest.objects.filter(
        task__in=task_visible_to(user), state=ExtensionState.PENDING
    ).select_related("task__problem", "requested_by")
    return {"tasks": tasks, "extensions": extensions}


def notification_list(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("task__problem")
