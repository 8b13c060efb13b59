"""Who may do what with a task now — asked by the services that enforce it and by the task
page and API that offer it, so the two cannot drift apart.

Seeing is task_visible_to; acting is decided from the transition table (which side, which
roles) and the actor's scope: the lead side holds a role in the lead unit or above it, the
oversight side in a coordinating organization over the problem's region. Each rule returns
the refusal the service raises, or None; a page offers an action when there is none.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from duban.core import clock
from duban.core.roles import REVIEWERS
from duban.core.scope import scope_of
from duban.errors import ApplicationError, InvalidTransition, NotPermitted
from duban.rectification import rules
from duban.rectification.choices import (
    FINISHED_STATES,
    REPORTING_STATES,
    ExtensionState,
    FilingState,
    TaskKind,
    TaskState,
)
from duban.rectification.errors import (
    EXTENSION_PENDING,
    FILING_REVIEW_OVER,
    OBJECTION_OPEN,
    ONGOING_WITHOUT_DEADLINE,
    PUBLICITY_RUNNING,
    TASK_FINISHED,
)
from duban.rectification.models import ExtensionRequest, Filing, Objection, Task
from duban.rectification.transitions import (
    LOOK_BACK,
    RECORD_OBJECTION,
    REPORT,
    TRANSITIONS,
    Side,
    TaskRight,
    Transition,
)


def enforce(refusal: ApplicationError | None) -> None:
    """Raise the refusal a rule returned, if any."""
    if refusal is not None:
        raise refusal


def holds_side(*, actor: Any, task: Task, right: TaskRight | Transition) -> bool:
    """The actor holds one of the right's roles on its side of the task."""
    scope = scope_of(actor)
    if right.side is Side.LEAD:
        return scope.holds(right.roles, task.lead_unit)
    return scope.oversees(right.roles, task.problem.region_id)


def side_refusal(*, actor: Any, task: Task, right: TaskRight | Transition) -> NotPermitted | None:
    if holds_side(actor=actor, task=task, right=right):
        return None
    return NotPermitted(f"your role may not {right.action} this task")


def transition_refusal(
    *, actor: Any, task: Task, transition: Transition
) -> ApplicationError | None:
    """Why this move cannot be made now — the state, the kind of task, the side — or None.
    (A reason the move may need is the service's to check.)"""
    if task.state not in transition.sources:
        return InvalidTransition(
            f"cannot {transition.action}: the task is {TaskState(task.state).label}",
            fields={"action": f"not allowed from state {task.state}"},
        )
    if task.kind not in transition.kinds:
        return InvalidTransition(
            f"{transition.action} does not apply to {task.get_kind_display()} tasks"
        )
    if refusal := side_refusal(actor=actor, task=task, right=transition):
        return refusal
    return close_refusal(task=task) if transition.action == "close" else None


def close_refusal(*, task: Task) -> ApplicationError | None:
    """销号 waits for the public notice (公示) to run its full course — whoever asks: a
    reviewer, the API, the daily job."""
    if not rules.period_over(ends_on=task.publicity_ends_on, today=clock.today()):
        return InvalidTransition(
            f"the public notice runs until {task.publicity_ends_on}",
            code=PUBLICITY_RUNNING.code,
            fields={"action": PUBLICITY_RUNNING(until=task.publicity_ends_on)},
        )
    if waiting := open_objections(task).count():
        return InvalidTransition(
            f"{waiting} objection(s) to the public notice still await an answer",
            code=OBJECTION_OPEN.code,
            fields={"action": OBJECTION_OPEN(count=waiting)},
        )
    return None


def notice_objections(task: Task) -> QuerySet[Objection]:
    """The objections to the task's current public notice (its latest close-out's)."""
    closeout = task.closeouts.order_by("-requested_at").first()
    return Objection.objects.filter(task=task, closeout=closeout)


def open_objections(task: Task) -> QuerySet[Objection]:
    """Objections to the current notice that await a reviewer's answer (they hold closure)."""
    return notice_objections(task).filter(answered_at__isnull=True)


def objection_refusal(*, actor: Any, task: Task) -> ApplicationError | None:
    """Objections are recorded while the task is in its public notice, by the office."""
    if refusal := side_refusal(actor=actor, task=task, right=RECORD_OBJECTION):
        return refusal
    if task.state != TaskState.PUBLICIZED:
        return InvalidTransition(
            "objections are recorded during the public notice", code="not_publicized"
        )
    return None


def filing_reject_refusal(*, actor: Any, filing: Filing) -> ApplicationError | None:
    """Only a reviewer of the office the close-out was filed with rejects it, and only while
    it is filed and its period (working days) runs."""
    if not scope_of(actor).holds(REVIEWERS, filing.filed_with):
        return NotPermitted("your role may not decide filings with this office")
    if filing.state != FilingState.FILED:
        return InvalidTransition("this filing was already decided")
    if rules.period_over(ends_on=filing.review_ends_on, today=clock.today()):
        return InvalidTransition(
            "the period to reject this filing is over",
            code=FILING_REVIEW_OVER.code,
            fields={"action": FILING_REVIEW_OVER(until=filing.review_ends_on)},
        )
    return None


def report_refusal(*, actor: Any, task: Task) -> ApplicationError | None:
    """The lead side reports progress until it says the work is done."""
    if refusal := side_refusal(actor=actor, task=task, right=REPORT):
        return refusal
    if task.state not in REPORTING_STATES:
        return InvalidTransition(
            "progress is reported only until the task is completed", code="not_reporting"
        )
    return None


def look_back_refusal(*, actor: Any, task: Task) -> ApplicationError | None:
    """Look-backs are recorded on finished or publicized tasks (the states reopen leaves)."""
    if task.state not in TRANSITIONS["reopen"].sources:
        return InvalidTransition("look-backs are recorded on closed, publicized or upheld tasks")
    return side_refusal(actor=actor, task=task, right=LOOK_BACK)


def extension_blockers(task: Task) -> dict[str, str]:
    """What about the task itself stops an extension request now, by field (empty: none)."""
    errors: dict[str, str] = {}
    if task.kind == TaskKind.ONGOING or task.deadline is None:
        errors["new_deadline"] = ONGOING_WITHOUT_DEADLINE()
    if task.state in FINISHED_STATES:
        errors["task"] = TASK_FINISHED()
    if ExtensionRequest.objects.filter(task=task, state=ExtensionState.PENDING).exists():
        errors["task"] = EXTENSION_PENDING()
    return errors
