"""Creating plans and tasks, and changing a task's responsibility fields (never its deadline)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from duban.core import clock, ledger
from duban.core.models import Organization, Person, Region
from duban.core.roles import REVIEWERS
from duban.core.scope import scope_of
from duban.errors import ApplicationError, NotPermitted
from duban.inspections.models import Problem
from duban.rectification.choices import AcceptanceLevel, Cadence, TaskKind, Verb
from duban.rectification.models import Plan, Task
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


def require_planner(*, actor: Any, region: Region) -> None:
    """Plans and tasks are made by reviewers or admins of a coordinating organization there."""
    if not scope_of(actor).oversees(REVIEWERS, region.code):
        raise NotPermitted("only the rectification office of this region may plan tasks")


def plan_create(
    *,
    actor: Any,
    code: str,
    title: str,
    region: Region,
    office: Organization,
    cadence: Cadence | str = Cadence.MONTHLY,
    dispatch_starts_on: date,
    approved_on: date | None = None,
    approved_by: str = "",
) -> Plan:
    """Create a rectification plan; raises NotPermitted or ApplicationError."""
    require_planner(actor=actor, region=region)
    if cadence not in Cadence.values:
        raise ApplicationError("unknown cadence", fields={"cadence": f"unknown: {cadence}"})
    if Plan.objects.filter(code=code).exists():
        raise ApplicationError("plan code already used", fields={"code": "already used"})
    with transaction.atomic():
        plan = Plan.objects.create(
            code=code,
            title=title,
            region=region,
            office=office,
            cadence=cadence,
            dispatch_starts_on=dispatch_starts_on,
            approved_on=approved_on,
            approved_by=approved_by,
        )
        ledger.record(
            actor=actor,
            verb=Verb.PLAN_CREATED,
            subject=plan,
            organization=office,
            data={
                "code": code,
                "title": title,
                "cadence": str(cadence),
                "approved_on": approved_on,
            },
        )
    return plan


def validate_task_dates(*, kind: str, assigned_on: date, deadline: date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in TaskKind.values:
        errors["kind"] = f"unknown kind {kind!r}"
    elif kind == TaskKind.ONGOING and deadline is not None:
        errors["deadline"] = "ongoing tasks have no deadline"
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
    require_planner(actor=actor, region=problem.region)
    assigned_on = assigned_on or clock.today()
    errors = validate_task_dates(kind=str(kind), assigned_on=assigned_on, deadline=deadline)
    if acceptance_level not in AcceptanceLevel.values:
        errors["acceptance_level"] = f"unknown level {acceptance_level!r}"
    if Task.objects.filter(problem=problem, number=number).exists():
        errors["number"] = f"task {problem.code}-{number} exists"
    if errors:
        raise ApplicationError("invalid task", code="invalid_task", fields=errors)
    with transaction.atomic():
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
            assigned_on=assigned_on,
            deadline=deadline,
            acceptance_level=acceptance_level,
        )
        refresh_task_schedule(task=task, today=clock.today(), known_latest=True)
        task.save()
        task.co_units.set(co_units or [])
        ledger.record(
            actor=actor,
            verb=Verb.TASK_CREATED,
            subject=task,
            organization=None,
            data={
                **_responsibility(task),
                "kind": str(kind),
                "deadline": deadline,
                "assigned_on": assigned_on,
                "number": number,
                "problem": problem.code,
            },
        )
        refresh_problem(problem=problem)
    return task


def _responsibility(task: Task) -> dict[str, Any]:
    return {
        "title": task.title,
        "measures": task.measures,
        "target": task.target,
        "lead_unit": task.lead_unit_id,
        "responsible_person": task.responsible_person_id,
        "supervising_leader": task.supervising_leader_id,
        "acceptance_level": task.acceptance_level,
        "co_units": sorted(task.co_units.values_list("pk", flat=True)) if task.pk else [],
    }


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
        task = Task.objects.select_for_update().get(pk=task.pk)
        before = _responsibility(task)
        co_units = changes.pop("co_units", None)
        for name, value in changes.items():
            setattr(task, name, value)
        task.save()
        if co_units is not None:
            task.co_units.set(co_units)
        after = _responsibility(task)
        diff = {k: {"old": before[k], "new": after[k]} for k in after if before[k] != after[k]}
        if diff:
            ledger.record(
                actor=actor,
                verb=Verb.TASK_UPDATED,
                subject=task,
                data={"task": task.code, "changes": diff},
                reason=reason,
            )
    return task
