"""Links: a complaint linked as a repeat of an open one (and unlinked), joined to a problem
or made one, linked to the tasks it is about — and, when such a task was already closed, the
relapse signal and the task reopened through rectification's own reopen.

Who: the dispatchers (`permissions.may_dispatch`) link; the problem or task must be one the
actor sees. Reopening is rectification's rule (its transition table decides who may).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from duban.complaints.choices import OPEN_STATES, ComplaintState, Truth, Verb
from duban.complaints.errors import (
    ALREADY_IN_PROBLEM,
    FIRST_NOT_OPEN,
    HAS_REPEATS,
    NOT_FOUND_TRUE,
    REPEAT_OF_ITSELF,
    TASK_ALREADY_LINKED,
    TASK_NOT_LINKED,
    TASK_OF_OTHER_PROBLEM,
)
from duban.complaints.events import complaint_event, complaint_task_event
from duban.complaints.models import Complaint
from duban.complaints.permissions import may_dispatch
from duban.complaints.selectors import complaint_get
from duban.complaints.services.common import locked
from duban.core.errors import UNKNOWN_OR_OUTSIDE_SCOPE
from duban.errors import ApplicationError, NotFound
from duban.inspections.choices import ProblemSource
from duban.inspections.models import Problem
from duban.inspections.selectors import problem_visible_to
from duban.inspections.services import problem_create
from duban.rectification.models import Task
from duban.rectification.selectors import task_is_visible
from duban.rectification.services.lifecycle import task_transition
from duban.rectification.transitions import TRANSITIONS
from duban.verification.choices import Severity, SignalKind
from duban.verification.detect import Finding
from duban.verification.models import Signal
from duban.verification.services import signal_raise

FOUND_TRUE = frozenset({Truth.TRUE, Truth.BASICALLY_TRUE, Truth.PARTLY_TRUE})
# A task in these states was finished (公示, 销号, upheld): a complaint about its site is a
# relapse, and these are the states rectification's reopen leaves.
FINISHED_TASK_STATES = TRANSITIONS["reopen"].sources


def _refuse(field: str, reason: Any) -> ApplicationError:
    return ApplicationError(reason, code=reason.code, fields={field: reason})


def complaint_link_repeat(*, actor: Any, pk: int, of_pk: int, reason: str = "") -> Complaint:
    """Link a registered complaint as a repeat of an open one the actor sees (a repeat of a
    repeat follows its first). Raises NotFound, NotPermitted, InvalidTransition (not
    registered), ApplicationError (itself, the first closed, complaints linked to this one)."""
    with transaction.atomic():
        complaint = locked(
            actor=actor, pk=pk, allowed=may_dispatch, states=[ComplaintState.REGISTERED]
        )
        try:
            first = complaint_get(user=actor, pk=of_pk)
        except NotFound as error:
            unseen = UNKNOWN_OR_OUTSIDE_SCOPE(ids=of_pk)
            raise NotFound(unseen, code="complaint_not_found", fields={"of": unseen}) from error
        if first.state == ComplaintState.LINKED and first.repeat_of is not None:
            first = first.repeat_of
        if first.pk == complaint.pk:
            raise _refuse("of", REPEAT_OF_ITSELF())
        first = Complaint.objects.select_for_update(no_key=True).get(pk=first.pk)
        if first.state not in OPEN_STATES:
            raise _refuse("of", FIRST_NOT_OPEN(number=first.number))
        if complaint.repeats.exists():
            raise _refuse("of", HAS_REPEATS())
        complaint.repeat_of = first
        complaint.state = ComplaintState.LINKED
        complaint.save(update_fields=["repeat_of", "state", "updated_at"])
        complaint_event(
            actor=actor,
            verb=Verb.LINKED,
            complaint=complaint,
            data={"repeat_of": first.number},
            reason=reason,
        )
    return complaint


def complaint_unlink_repeat(*, actor: Any, pk: int, reason: str = "") -> Complaint:
    """Take a linked complaint off its first: registered again, to be transferred on its own.
    Raises NotFound, NotPermitted, InvalidTransition (not linked)."""
    with transaction.atomic():
        complaint = locked(actor=actor, pk=pk, allowed=may_dispatch, states=[ComplaintState.LINKED])
        first = complaint.repeat_of
        complaint.repeat_of = None
        complaint.state = ComplaintState.REGISTERED
        complaint.save(update_fields=["repeat_of", "state", "updated_at"])
        complaint_event(
            actor=actor,
            verb=Verb.UNLINKED,
            complaint=complaint,
            data={"repeat_of": first.number if first else None},
            reason=reason,
        )
    return complaint


def _joinable(actor: Any, pk: int) -> Complaint:
    complaint = locked(
        actor=actor,
        pk=pk,
        allowed=may_dispatch,
        states=[s for s in ComplaintState if s != ComplaintState.NOT_ACCEPTED],
    )
    if complaint.problem is not None:
        raise _refuse("problem", ALREADY_IN_PROBLEM(code=complaint.problem.code))
    return complaint


def complaint_join_problem(*, actor: Any, pk: int, problem: Problem) -> Complaint:
    """Join the complaint to a problem the actor sees. Raises NotFound (the complaint, or the
    problem on its field), NotPermitted, InvalidTransition (not accepted), ApplicationError
    (already joined)."""
    with transaction.atomic():
        complaint = _joinable(actor, pk)
        if not problem_visible_to(actor).filter(pk=problem.pk).exists():
            unseen = UNKNOWN_OR_OUTSIDE_SCOPE(ids=problem.code)
            raise NotFound(unseen, code="problem_not_found", fields={"problem": unseen})
        complaint.problem = problem
        complaint.save(update_fields=["problem", "updated_at"])
        complaint_event(
            actor=actor,
            verb=Verb.PROBLEM_LINKED,
            complaint=complaint,
            data={"problem": problem.code, "created": False},
        )
    return complaint


def complaint_create_problem(
    *,
    actor: Any,
    pk: int,
    code: str,
    title: str,
    description: str = "",
    categories: list[str] | None = None,
) -> Complaint:
    """Make a complaint found (basically, partly) true a problem of its region, source
    "complaint", through inspections' problem_create (its planner rule and field checks
    apply), and join it. The description is what the actor writes: nothing of the complaint
    is copied into the problem, which the units working on it read."""
    with transaction.atomic():
        complaint = _joinable(actor, pk)
        if complaint.truth not in FOUND_TRUE:
            raise _refuse("truth", NOT_FOUND_TRUE())
        problem = problem_create(
            actor=actor,
            code=code,
            source=ProblemSource.COMPLAINT,
            title=title,
            description=description,
            region=complaint.region,
            team=complaint.team,
            categories=categories,
        )
        complaint.problem = problem
        complaint.save(update_fields=["problem", "updated_at"])
        complaint_event(
            actor=actor,
            verb=Verb.PROBLEM_LINKED,
            complaint=complaint,
            data={"problem": problem.code, "created": True},
        )
    return complaint


def _visible_task(actor: Any, task: Task) -> Task:
    if not task_is_visible(actor, task.pk):
        unseen = UNKNOWN_OR_OUTSIDE_SCOPE(ids=task.pk)
        raise NotFound(unseen, code="task_not_found", fields={"task": unseen})
    return Task.objects.select_related("problem", "lead_unit").get(pk=task.pk)


def complaint_link_task(*, actor: Any, pk: int, task: Task) -> Signal | None:
    """Link the complaint to a task it is about (of its problem, if it has one). When the
    task was already finished, raise the relapse signal (once per complaint and task) and
    return it. Raises NotFound (the complaint; the task on its field), NotPermitted,
    ApplicationError (linked already, a task of another problem)."""
    with transaction.atomic():
        complaint = locked(actor=actor, pk=pk, allowed=may_dispatch)
        task = _visible_task(actor, task)
        if complaint.tasks.filter(pk=task.pk).exists():
            raise _refuse("task", TASK_ALREADY_LINKED(task=task.code))
        if complaint.problem is not None and task.problem_id != complaint.problem_id:
            raise _refuse(
                "task", TASK_OF_OTHER_PROBLEM(task=task.code, code=complaint.problem.code)
            )
        complaint.tasks.add(task)
        relapse = task.state in FINISHED_TASK_STATES
        complaint_event(
            actor=actor,
            verb=Verb.TASK_LINKED,
            complaint=complaint,
            data={"task": task.code, "relapse": relapse},
        )
        complaint_task_event(actor=actor, verb=Verb.TASK_LINKED, complaint=complaint, task=task)
        return signal_raise(finding=relapse_finding(complaint, task)) if relapse else None


def relapse_finding(complaint: Complaint, task: Task) -> Finding:
    """The relapse signal a complaint about a finished task's site raises: its number and
    date only (the signal's readers are not the complaint's)."""
    finished_on = task.closed_on or task.publicity_starts_on
    return Finding(
        SignalKind.RELAPSE_AFTER_CLOSURE,
        Severity.HIGH,
        key=f"relapse:complaint:{complaint.pk}:{task.pk}",
        task=task,
        unit=task.lead_unit,
        explanation=(
            f"任务{task.code}已于{finished_on}完成验收/销号，{complaint.received_on}"
            f"收到关于该点位的信访举报件（受理编号{complaint.number}）。建议现场核查，"
            f"问题反弹的撤销销号、重新整改。"
        ),
        evidence={"complaints": [complaint.number]},
    )


def complaint_reopen_task(*, actor: Any, pk: int, task: Task, reason: str) -> Task:
    """Reopen a finished task the complaint is linked to, through rectification's reopen
    (its roles, states and required reason apply; its event is on the task, naming the
    complaint by number). Raises NotFound, ApplicationError (task not linked, no reason),
    NotPermitted / InvalidTransition from rectification."""
    with transaction.atomic():
        complaint = complaint_get(user=actor, pk=pk)
        if not complaint.tasks.filter(pk=task.pk).exists():
            raise _refuse("task", TASK_NOT_LINKED(task=task.code))
        said = reason.strip()
        return task_transition(
            actor=actor,
            task_id=task.pk,
            action="reopen",
            reason=f"{said}（信访举报件{complaint.number}）" if said else "",
        )
