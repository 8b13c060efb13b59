"""Creating tasks and changing a task's responsibility fields (never its deadline)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from duban.core import clock
from duban.core.models import Organization, Person
from duban.errors import ApplicationError
from duban.inspections.models import Problem
from duban.inspections.services import require_planner
from duban.rectification.choices import AcceptanceLevel, TaskKind
from duban.rectification.errors import ONGOING_WITHOUT_DEADLINE
from duban.rectification.events import responsibility_of, task_created_event, task_updated_event
from duban.rectification.models import Task
from duban.rectification.services.schedule import refresh_problem, refresh_task_schedule

RESPONSIBILITY_FIELDS = (
    "title",
    "measures",
    "target",
    "lead_unit",
    "responsible_person",
    "supervising_leader",
    "acceptance_level",
)


def validate_task_dates(*, kind: str, assigned_on: date, deadline: date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in TaskKind.values:
        errors["kind"] = f"unknown kind {kind!r}"
    elif kind == TaskKind.ONGOING and deadline is not None:
        errors["deadline"] = ONGOING_WITHOUT_DEADLINE()
    elif kind != TaskKind.ONGOING and deadline is None:
        errors["deadline"] = "required unless the task is ongoing"
    if deadline is not None and deadline < assigned_on:
        errors["deadline"] = f"deadline {deadline} is before the assignment date {assigned_on}"
    return errors


def task_create(
    *,
    actor: Any,
    problem: Problem,
    number: int,
    title: str,
    measures: str,
    target: str,
    kind: TaskKind | str,
    lead_unit: Organization,
    responsible_person: Person,
    deadline: date | None,
    acceptance_level: AcceptanceLevel | str,
    supervising_leader: Person | None = None,
    co_units: list[Organization] | None = None,
    assigned_on: date | None = None,
) -> Task:
    """Assign a task of a problem to a lead unit; raises ApplicationError with field reasons."""
    task = Task(
        problem=problem,
        number=number,
        title=title,
        measures=measures,
        target=target,
        kind=kind,
        lead_unit=lead_unit,
        responsible_person=responsible_person,
        supervising_leader=supervising_leader,
        assigned_on=assigned_on or clock.today(),
        deadline=deadline,
        acceptance_level=acceptance_level,
    )
    _check_task(actor, task)
    with transaction.atomic():
        refresh_task_schedule(task=task, today=clock.today(), known_latest=True)
        task.save()
        task.co_units.set(co_units or [])
        task_created_event(actor=actor, task=task)
        refresh_problem(problem=problem)
    return task


def _check_task(actor: Any, task: Task) -> None:
    """Raise NotPermitted unless the actor plans in the task's region, else ApplicationError
    naming every field of the new (unsaved) task that is wrong."""
    problem = task.problem
    require_planner(actor=actor, region=problem.region)
    errors = validate_task_dates(
        kind=str(task.kind), assigned_on=task.assigned_on, deadline=task.deadline
    )
    if task.acceptance_level not in AcceptanceLevel.values:
        errors["acceptance_level"] = f"unknown level {task.acceptance_level!r}"
    if Task.objects.filter(problem=problem, number=task.number).exists():
        errors["number"] = f"task {problem.code}-{task.number} exists"
    if errors:
        raise ApplicationError("invalid task", code="invalid_task", fields=errors)


def task_update_responsibility(*, actor: Any, task: Task, reason: str = "", **changes: Any) -> Task:
    """Change who is responsible or what is to be done; each change is kept as old → new.

    The deadline is not among the fields: it moves only through an approved extension.
    """
    unknown = set(changes) - set(RESPONSIBILITY_FIELDS) - {"co_units"}
    if unknown:
        raise ApplicationError(
            "these fields cannot be changed here",
            fields={name: "not changeable" for name in sorted(unknown)},
        )
    require_planner(actor=actor, region=task.problem.region)
    with transaction.atomic():
        task = Task.objects.select_for_update(no_key=True).get(pk=task.pk)
        before = responsibility_of(task)
        co_units = changes.pop("co_units", None)
        for name, value in changes.items():
            setattr(task, name, value)
        task.save()
        if co_units is not None:
            task.co_units.set(co_units)
        after = responsibility_of(task)
        diff = {k: {"old": before[k], "new": after[k]} for k in after if before[k] != after[k]}
        if diff:
            task_updated_event(actor=actor, task=task, changes=diff, reason=reason)
    return task
