"""问题倒查、责任倒追: who was responsible for a problem on a date, read from the ledger.

Responsibility is replayed, not read from the current rows: `task.created` gives each task's
first lead unit, responsible person and supervising leader; every later `task.updated` event
carries {"changes": {field: {"old", "new"}}}; the state at the end of day D is whatever the
events up to that moment say. Deadlines likewise start at `task.created` and move only with
`extension.approved`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from duban.core.models import Event, Organization, Person
from duban.inspections.models import Problem
from duban.rectification.choices import DONE_STATES
from duban.rectification.models import Task

RESPONSIBILITY_FIELDS = ("lead_unit", "responsible_person", "supervising_leader")


@dataclass
class TaskResponsibility:
    task_id: int
    code: str
    title: str
    lead_unit: str | None = None
    responsible_person: str | None = None
    supervising_leader: str | None = None
    deadline: date | None = None
    state: str = "assigned"
    done_on: date | None = None
    missed_deadline: bool = False
    changes: list[dict[str, Any]] = field(default_factory=list)


def end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def problem_events(problem: Problem, *, until: datetime | None = None) -> QuerySet[Event]:
    """Every ledger event about the problem, its tasks, its notices, cases and signals."""
    task_ids = [str(pk) for pk in problem.tasks.values_list("pk", flat=True)]
    condition = Q(subject_type="inspections.problem", subject_id=str(problem.pk)) | Q(
        subject_type="rectification.task", subject_id__in=task_ids
    )
    notice_ids = [
        str(pk)
        for pk in Task.objects.filter(problem=problem).values_list("notices", flat=True)
        if pk
    ]
    condition |= Q(subject_type="supervision.supervisionnotice", subject_id__in=notice_ids)
    case_ids = [str(pk) for pk in problem.accountability_cases.values_list("pk", flat=True)]
    condition |= Q(subject_type="accountability.accountabilitycase", subject_id__in=case_ids)
    signal_ids = [
        str(pk)
        for pk in Task.objects.filter(problem=problem).values_list("signals", flat=True)
        if pk
    ]
    condition |= Q(subject_type="verification.signal", subject_id__in=signal_ids)
    events = Event.objects.filter(condition).select_related("actor", "organization").order_by("seq")
    return events.filter(created_at__lte=until) if until else events


def responsibility_as_of(problem: Problem, at: date) -> list[TaskResponsibility]:
    """Replay the task events up to the end of `at` into each task's responsibility."""
    tasks = {str(t.pk): t for t in problem.tasks.all()}
    replayed: dict[str, TaskResponsibility] = {}
    until = end_of(at)
    for event in problem_events(problem, until=until).filter(subject_type="rectification.task"):
        task = tasks[event.subject_id]
        current = replayed.setdefault(
            event.subject_id, TaskResponsibility(task.pk, task.code, task.title)
        )
        data = event.data
        if event.verb == "task.created":
            for name in RESPONSIBILITY_FIELDS:
                setattr(current, name, data.get(name))
            current.deadline = (
                date.fromisoformat(data["deadline"]) if data.get("deadline") else None
            )
        elif event.verb == "task.updated":
            for name, change in data.get("changes", {}).items():
                if name in RESPONSIBILITY_FIELDS:
                    setattr(current, name, change["new"])
                    current.changes.append(
                        {
                            "field": name,
                            "seq": event.seq,
                            "at": event.created_at,
                            "old": change["old"],
                            "new": change["new"],
                        }
                    )
        elif event.verb == "extension.approved":
            current.deadline = date.fromisoformat(data["new_deadline"])
        if "to" in data and event.verb.startswith("task."):
            current.state = data["to"]
            done = current.state in DONE_STATES
            local_day = timezone.localtime(event.created_at).date()
            current.done_on = (current.done_on or local_day) if done else None
    _name_ids(list(replayed.values()))
    for item in replayed.values():
        item.missed_deadline = bool(
            item.deadline and item.deadline < at and item.state not in DONE_STATES
        )
    return [replayed[key] for key in sorted(replayed, key=int)]


def _name_ids(items: list[TaskResponsibility]) -> None:
    """Turn the ids carried by events into names (one query per kind)."""
    units = dict(
        Organization.objects.filter(pk__in={i.lead_unit for i in items if i.lead_unit}).values_list(
            "pk", "name"
        )
    )
    person_ids = {
        getattr(i, n) for i in items for n in ("responsible_person", "supervising_leader")
    }
    people = {p.pk: str(p) for p in Person.objects.filter(pk__in={p for p in person_ids if p})}
    for item in items:
        item.lead_unit = units.get(item.lead_unit, item.lead_unit)  # type: ignore[call-overload]
        item.responsible_person = people.get(item.responsible_person, item.responsible_person)  # type: ignore[call-overload]
        item.supervising_leader = people.get(item.supervising_leader, item.supervising_leader)  # type: ignore[call-overload]
