"""The public notice (公示) and what follows it: objections recorded and answered, and the
higher office's decision on a filing (备案销号). One transaction each, one ledger event each."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from duban.core import clock
from duban.core.errors import REQUIRED, UNKNOWN_VALUE
from duban.core.principal import SYSTEM, user_of
from duban.errors import ApplicationError, InvalidTransition, NotFound
from duban.rectification.choices import FilingState, ObjectionChannel, ReopenCause, TaskState, Verb
from duban.rectification.errors import RECEIVED_OUTSIDE_NOTICE
from duban.rectification.events import (
    filing_event,
    objection_answered_event,
    objection_recorded_event,
)
from duban.rectification.models import Filing, Objection, Task
from duban.rectification.permissions import enforce, filing_reject_refusal, objection_refusal
from duban.rectification.selectors import filing_visible_to
from duban.rectification.services.lifecycle import apply_transition, lock_task
from duban.rectification.transitions import TRANSITIONS


def _objection_errors(
    *, task: Task, received_on: date, channel: str, content: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    start = task.publicity_starts_on
    if start is None or not start <= received_on <= clock.today():
        errors["received_on"] = RECEIVED_OUTSIDE_NOTICE(start=start)
    if channel not in ObjectionChannel.values:
        errors["channel"] = UNKNOWN_VALUE(value=channel)
    if not content.strip():
        errors["content"] = REQUIRED()
    return errors


def objection_record(
    *,
    actor: Any,
    task_id: int,
    received_on: date,
    channel: str,
    content: str,
    objector: str = "",
) -> Objection:
    """Record an objection (异议) to a task's public notice; it holds closure until answered.

    Raises NotFound, NotPermitted, InvalidTransition (not in publicity) or ApplicationError.
    """
    with transaction.atomic():
        task = lock_task(actor=actor, task_id=task_id)
        enforce(objection_refusal(actor=actor, task=task))
        errors = _objection_errors(
            task=task, received_on=received_on, channel=channel, content=content
        )
        if errors:
            raise ApplicationError(
                "objection not recorded", code="invalid_objection", fields=errors
            )
        closeout = task.closeouts.order_by("-requested_at").first()
        if closeout is None:  # a publicized task has one; a hand-edited database may not
            raise InvalidTransition("no close-out in public notice")
        objection = Objection.objects.create(
            task=task,
            closeout=closeout,
            received_on=received_on,
            channel=channel,
            objector=objector.strip(),
            content=content.strip(),
            recorded_by=user_of(actor),
            recorded_at=clock.now(),
        )
        objection_recorded_event(actor=actor, objection=objection)
    return objection


def objection_answer(*, actor: Any, objection_id: int, answer: str, upheld: bool) -> Objection:
    """A reviewer answers an open objection in writing. Upheld: the task goes back to the unit
    (退回整改) with the objection as the reason; not upheld: closure may go ahead after the
    notice. Raises NotFound, NotPermitted, InvalidTransition (already answered) or
    ApplicationError (no answer)."""
    with transaction.atomic():
        objection = Objection.objects.select_for_update(no_key=True).filter(pk=objection_id).first()
        if objection is None:
            raise NotFound("no such objection", code="objection_not_found")
        task = lock_task(actor=actor, task_id=objection.task_id)
        enforce(objection_refusal(actor=actor, task=task))
        if not objection.is_open:
            raise InvalidTransition("this objection was already answered")
        if not answer.strip():
            raise ApplicationError("answer required", fields={"answer": REQUIRED()})
        objection.answer, objection.upheld = answer.strip(), upheld
        objection.answered_by, objection.answered_at = user_of(actor), clock.now()
        objection.save()
        objection_answered_event(actor=actor, objection=objection)
        if upheld:
            apply_transition(
                actor=actor,
                task=task,
                transition=TRANSITIONS["return"],
                reason=f"公示期间异议成立：{objection.content}",
                data={"objection": objection.pk},
            )
    return objection


def filing_reject(*, actor: Any, filing_id: int, reason: str) -> Filing:
    """The higher office rejects a filing within its period; the task is reopened (cause:
    filing rejected). Raises NotFound, NotPermitted, InvalidTransition or ApplicationError."""
    if not reason.strip():
        raise ApplicationError("reason required", fields={"reason": REQUIRED()})
    with transaction.atomic():
        if not filing_visible_to(actor).filter(pk=filing_id).exists():
            raise NotFound("no such filing", code="filing_not_found")
        filing = (
            Filing.objects.select_for_update(no_key=True, of=("self",))
            .select_related("filed_with")
            .get(pk=filing_id)
        )
        enforce(filing_reject_refusal(actor=actor, filing=filing))
        task = lock_task(actor=SYSTEM, task_id=filing.task_id)
        if task.state != TaskState.CLOSED:
            raise InvalidTransition("the task is no longer closed")
        _decide(actor=actor, filing=filing, state=FilingState.REJECTED, reason=reason.strip())
        apply_transition(
            actor=actor,
            task=task,
            transition=TRANSITIONS["reopen"],
            reason=reason.strip(),
            data={"cause": str(ReopenCause.FILING_REJECTED), "filing": filing.pk},
        )
    return filing


def _decide(*, actor: Any, filing: Filing, state: FilingState, reason: str = "") -> None:
    filing.state, filing.reason = state, reason
    filing.decided_by = user_of(actor)
    filing.decided_at = clock.now()
    filing.save()
    verb = Verb.FILING_REJECTED if state == FilingState.REJECTED else Verb.FILING_ACCEPTED
    filing_event(actor=actor, filing=filing, verb=verb)


def filings_accept_expired(*, today: date) -> int:
    """Daily job (as SYSTEM): a filing not rejected within its period stands. Idempotent."""
    accepted = 0
    due = Filing.objects.filter(state=FilingState.FILED, review_ends_on__lt=today)
    for filing_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            filing = Filing.objects.select_for_update(no_key=True, of=("self",)).select_related(
                "filed_with", "task"
            )
            current = filing.filter(pk=filing_id, state=FilingState.FILED).first()
            if current is not None:
                _decide(actor=SYSTEM, filing=current, state=FilingState.ACCEPTED)
                accepted += 1
    return accepted
