"""Moving a task through its lifecycle: one locked row, one check, one ledger event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction

from duban.core import clock
from duban.core.models import Organization
from duban.core.scope import scope_of
from duban.errors import ApplicationError, NotFound
from duban.rectification import rules
from duban.rectification.choices import TaskState
from duban.rectification.errors import REASON_REQUIRED
from duban.rectification.events import task_transitioned_event
from duban.rectification.models import Task
from duban.rectification.permissions import completion_refusal, enforce, transition_refusal
from duban.rectification.selectors import task_is_visible
from duban.rectification.services.filing import closeout_file
from duban.rectification.services.handoffs import SENT_BACK, task_sent_back
from duban.rectification.services.schedule import refresh_problem, refresh_task_schedule
from duban.rectification.transitions import SPECIAL_ACTIONS, TRANSITIONS, Side, Transition


def lock_task(*, actor: Any, task_id: int) -> Task:
    """Re-read the task under a row lock; concurrent movers queue here (NotFound if unseen)."""
    if not task_is_visible(actor, task_id):
        raise NotFound("task not found", code="task_not_found")
    # What every service reads next (permissions, periods, the problem) comes with the row.
    task = (
        Task.objects.select_for_update(no_key=True, of=("self",))
        .select_related("lead_unit", "problem__plan")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound("task not found", code="task_not_found")
    return task


def acting_organization(*, actor: Any, task: Task, side: Side) -> Organization | None:
    """The organization through which the actor holds the right to make this move (none for
    SYSTEM, which holds no membership)."""
    scope = scope_of(actor)
    grant = (
        scope.grant_within(task.lead_unit)
        if side is Side.LEAD
        else scope.grant_over(task.problem.region_id)
    )
    return Organization.objects.get(pk=grant.organization_id) if grant else None


def check_transition(*, actor: Any, task: Task, transition: Transition, reason: str) -> None:
    """Raise InvalidTransition (409), NotPermitted (403) or ApplicationError (400)."""
    enforce(transition_refusal(actor=actor, task=task, transition=transition))
    if transition.needs_reason and not reason.strip():
        raise ApplicationError(
            "a reason is required",
            code="reason_required",
            fields={"reason": REASON_REQUIRED()},
        )


def _move_dates(
    *, task: Task, transition: Transition, previous: str, publicity_days: int | None
) -> None:
    """The dates a move sets or clears: completion, the public notice (公示, in working days),
    closure and look-back, or all of them when the task goes back to work."""
    today = clock.today()
    target = transition.target
    if target == TaskState.COMPLETED:
        # The progress bar keeps what the unit last reported: completing is not reporting 100 %.
        task.completed_on = today
    elif target == TaskState.PUBLICIZED:
        task.publicity_starts_on = today
        task.publicity_ends_on = rules.working_days_after(
            today, publicity_days or rules.publicity_working_days()
        )
    elif target == TaskState.CLOSED:
        task.closed_on = today
        task.look_back_on = today + timedelta(days=rules.DEFAULT_LOOK_BACK_DAYS)
    elif target == TaskState.IN_PROGRESS and previous != TaskState.ACKNOWLEDGED:
        task.completed_on = task.closed_on = None
        task.publicity_starts_on = task.publicity_ends_on = None
        if transition.action == "reopen":
            task.reopen_count += 1


def apply_transition(
    *,
    actor: Any,
    task: Task,
    transition: Transition,
    reason: str = "",
    data: dict[str, Any] | None = None,
    publicity_days: int | None = None,
) -> Task:
    """Set the new state and its dates, then write the one ledger event. Caller holds the lock.

    Publicity (公示) runs `publicity_days` working days after today (default: configured)."""
    today = clock.today()
    previous = task.state
    task.state = transition.target
    _move_dates(task=task, transition=transition, previous=previous, publicity_days=publicity_days)
    refresh_task_schedule(task=task, today=today)
    task.save()
    refresh_problem(problem=task.problem)  # before the event: the ledger head waits less
    event = task_transitioned_event(
        actor=actor,
        task=task,
        verb=transition.verb,
        previous=previous,
        organization=acting_organization(actor=actor, task=task, side=transition.side),
        data=data,
        reason=reason,
    )
    if transition.action in SENT_BACK:  # the work goes back to the lead unit
        task_sent_back(actor=actor, task=task, action=transition.action, event=event)
    if transition.target == TaskState.CLOSED:
        closeout_file(actor=actor, task=task)  # 备案销号 with the office above
    return task


def task_transition(*, actor: Any, task_id: int, action: str, reason: str = "") -> Task:
    """Make one simple move (acknowledge, start, complete, return, reopen …).

    Raises NotFound, NotPermitted, InvalidTransition (also when someone else moved the task
    first) or ApplicationError for a missing reason — also when the task is reported complete
    with its last reported progress below rules.COMPLETION_EXPLANATION_BELOW and no reason.
    """
    transition = TRANSITIONS.get(action)
    if transition is None or action in SPECIAL_ACTIONS:
        raise ApplicationError(
            f"unknown action {action!r}",
            code="unknown_action",
            fields={"action": "not a simple transition"},
        )
    with transaction.atomic():
        task = lock_task(actor=actor, task_id=task_id)
        check_transition(actor=actor, task=task, transition=transition, reason=reason)
        if action == "complete":
            enforce(completion_refusal(task=task, explanation=reason))
        return apply_transition(actor=actor, task=task, transition=transition, reason=reason)
