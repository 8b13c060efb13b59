"""问题倒查、责任倒追: who was responsible for a problem on a date, read from the ledger.

Responsibility is replayed, not read from the current rows: `task.created` gives each task's
first lead unit, responsible person and supervising leader; every later `task.updated` event
carries {"changes": {field: {"old", "new"}}}; the state at the end of day D is whatever the
events effective by then say, applied in ledger order. An event is effective on the day it
was recorded, except `task.created`, which is effective from the `assigned_on` day it carries:
a task list typed in or imported later still says who was assigned from when. Deadlines
likewise start at `task.created` and move only with `extension.approved`; a notice's reply
date comes from its `notice.issued` (or `notice.escalated`) event and its answer from
`notice.responded`.
"""

from __future__ import annotations

from collections.abc import Iterable
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
PERSON_FIELDS = ("responsible_person", "supervising_leader")
TASK_SUBJECT = "rectification.task"
NOTICE_SUBJECT = "supervision.supervisionnotice"
CASE_SUBJECT = "accountability.accountabilitycase"
SIGNAL_SUBJECT = "verification.signal"
INVESTIGATION_SUBJECT = "supervision.directinvestigation"
PROBLEM_SUBJECT = "inspections.problem"
NOTICE_ISSUING_VERBS = ("notice.issued", "notice.escalated")


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


@dataclass
class RoleSpell:
    """One holder of one responsibility field of one task, from one day to another."""

    task_code: str
    task_title: str
    role: str  # lead_unit, responsible_person or supervising_leader
    holder_id: int | None
    holder: str = ""
    start: date | None = None
    end: date | None = None  # None: still holds it
    start_seq: int = 0
    end_seq: int | None = None


@dataclass
class MissedNotice:
    number: str
    level: str
    target: str
    due_on: date
    responded_on: date | None
    seq: int


def end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _ids(values: Any) -> list[str]:
    return [str(pk) for pk in values if pk]


def problem_events(problem: Problem, *, until: datetime | None = None) -> QuerySet[Event]:
    """Every ledger event about the problem, its tasks, notices, cases, signals and
    investigations, oldest first."""
    tasks = Task.objects.filter(problem=problem)
    condition = (
        Q(subject_type=PROBLEM_SUBJECT, subject_id=str(problem.pk))
        | Q(subject_type=TASK_SUBJECT, subject_id__in=_ids(tasks.values_list("pk", flat=True)))
        | Q(
            subject_type=NOTICE_SUBJECT,
            subject_id__in=_ids(tasks.values_list("notices", flat=True)),
        )
        | Q(
            subject_type=CASE_SUBJECT,
            subject_id__in=_ids(problem.accountability_cases.values_list("pk", flat=True)),
        )
        | Q(
            subject_type=SIGNAL_SUBJECT,
            subject_id__in=_ids(tasks.values_list("signals", flat=True)),
        )
        | Q(
            subject_type=INVESTIGATION_SUBJECT,
            subject_id__in=_ids(problem.investigations.values_list("pk", flat=True)),
        )
    )
    events = Event.objects.filter(condition).select_related("actor", "organization").order_by("seq")
    return events.filter(created_at__lte=until) if until else events


def effective_day(event: Event) -> date:
    """The day an event takes effect: `assigned_on` for task.created, else its own day."""
    if event.verb == "task.created" and event.data.get("assigned_on"):
        return date.fromisoformat(event.data["assigned_on"])
    return local_day(event.created_at)


def effective_until(events: Iterable[Event], day: date | None) -> list[Event]:
    """The events effective by the end of `day` (all of them for None), in ledger order."""
    return [event for event in events if day is None or effective_day(event) <= day]


def _task_events(problem: Problem, until: date | None) -> list[Event]:
    return effective_until(problem_events(problem).filter(subject_type=TASK_SUBJECT), until)


def _apply(current: TaskResponsibility, event: Event) -> None:
    """Move one task's replayed responsibility forward by one event."""
    data = event.data
    if event.verb == "task.created":
        for name in RESPONSIBILITY_FIELDS:
            setattr(current, name, data.get(name))
        current.deadline = date.fromisoformat(data["deadline"]) if data.get("deadline") else None
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
                        "reason": event.reason,
                    }
                )
    elif event.verb == "extension.approved":
        current.deadline = date.fromisoformat(data["new_deadline"])
    if "to" in data and event.verb.startswith("task."):
        current.state = data["to"]
        done = current.state in DONE_STATES
        current.done_on = (current.done_on or local_day(event.created_at)) if done else None


def responsibility_as_of(problem: Problem, at: date) -> list[TaskResponsibility]:
    """Replay the task events up to the end of `at` into each task's responsibility.

    A deadline counts as missed when it passed before `at` and the task was not done by
    then, or was done only after it.
    """
    tasks = {str(t.pk): t for t in problem.tasks.all()}
    replayed: dict[str, TaskResponsibility] = {}
    for event in _task_events(problem, at):
        task = tasks[event.subject_id]
        current = replayed.setdefault(
            event.subject_id, TaskResponsibility(task.pk, task.code, task.title)
        )
        _apply(current, event)
    _name_ids(list(replayed.values()))
    for item in replayed.values():
        if item.deadline and item.deadline < at:
            undone = item.state not in DONE_STATES
            item.missed_deadline = undone or bool(item.done_on and item.done_on > item.deadline)
    return [replayed[key] for key in sorted(replayed, key=int)]


def responsibility_history(problem: Problem) -> list[RoleSpell]:
    """Every holder of every responsibility field of the problem's tasks, with the days
    they began and stopped holding it (the whole ledger, not just up to a date)."""
    tasks = {str(t.pk): t for t in problem.tasks.all()}
    open_spells: dict[tuple[str, str], RoleSpell] = {}
    spells: list[RoleSpell] = []
    for event in _task_events(problem, None):
        task = tasks[event.subject_id]
        if event.verb == "task.created":
            new_values = {name: event.data.get(name) for name in RESPONSIBILITY_FIELDS}
        elif event.verb == "task.updated":
            changes = event.data.get("changes", {})
            new_values = {n: c["new"] for n, c in changes.items() if n in RESPONSIBILITY_FIELDS}
        else:
            continue
        day = effective_day(event)
        for name, value in new_values.items():
            previous = open_spells.pop((event.subject_id, name), None)
            if previous is not None:
                previous.end, previous.end_seq = day, event.seq
            if value:
                spell = RoleSpell(task.code, task.title, name, int(value), "", day, None, event.seq)
                open_spells[(event.subject_id, name)] = spell
                spells.append(spell)
    units, people = _names(
        {s.holder_id for s in spells if s.role == "lead_unit"},
        {s.holder_id for s in spells if s.role != "lead_unit"},
    )
    for spell in spells:
        names = units if spell.role == "lead_unit" else people
        spell.holder = names.get(spell.holder_id, str(spell.holder_id))
    return spells


def missed_notices(problem: Problem, at: date) -> list[MissedNotice]:
    """Notices about the problem's tasks whose reply date passed before `at` without an
    answer by then, or answered only after it."""
    events = problem_events(problem).filter(subject_type=NOTICE_SUBJECT)
    issued: dict[str, MissedNotice] = {}
    for event in effective_until(events, at):
        if event.verb in NOTICE_ISSUING_VERBS and event.data.get("due_on"):
            issued[event.subject_id] = MissedNotice(
                number=str(event.data.get("number", "")),
                level=str(event.data.get("level", "")),
                target=str(event.data.get("target", "")),
                due_on=date.fromisoformat(event.data["due_on"]),
                responded_on=None,
                seq=event.seq,
            )
        elif event.verb == "notice.responded" and event.subject_id in issued:
            issued[event.subject_id].responded_on = local_day(event.created_at)
    return [
        notice
        for notice in issued.values()
        if notice.due_on < at
        and (notice.responded_on is None or notice.responded_on > notice.due_on)
    ]


def _names(unit_ids: set[Any], person_ids: set[Any]) -> tuple[dict[Any, str], dict[Any, str]]:
    """Organization and person names for the ids events carry (one query per kind)."""
    units = dict(
        Organization.objects.filter(pk__in={u for u in unit_ids if u}).values_list("pk", "name")
    )
    people = {p.pk: str(p) for p in Person.objects.filter(pk__in={p for p in person_ids if p})}
    return units, people


def _name_ids(items: list[TaskResponsibility]) -> None:
    """Turn the ids carried by events into names, in the current state and in the changes."""
    unit_ids = {i.lead_unit for i in items}
    person_ids = {getattr(i, n) for i in items for n in PERSON_FIELDS}
    for item in items:
        for change in item.changes:
            target = unit_ids if change["field"] == "lead_unit" else person_ids
            target.update({change["old"], change["new"]})
    units, people = _names(unit_ids, person_ids)

    def name(kind: str, value: Any) -> Any:
        names = units if kind == "lead_unit" else people
        return names.get(value, value)

    for item in items:
        item.lead_unit = name("lead_unit", item.lead_unit)
        item.responsible_person = name("responsible_person", item.responsible_person)
        item.supervising_leader = name("supervising_leader", item.supervising_leader)
        for change in item.changes:
            change["old"] = name(change["field"], change["old"])
            change["new"] = name(change["field"], change["new"])
