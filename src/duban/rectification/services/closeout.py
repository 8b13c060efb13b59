"""Close-out (request → acceptance with the five tests → publicity), look-back, extensions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import translation

from duban.core import clock
from duban.core.attachments import Upload, uploads_store
from duban.core.errors import BETWEEN, REQUIRED, UNKNOWN_VALUE
from duban.core.models import Attachment, Organization, Person
from duban.core.principal import user_of
from duban.errors import ApplicationError, InvalidTransition, NotFound, NotPermitted
from duban.rectification import rules
from duban.rectification.choices import LOOK_BACK_CAUSES, ExtensionState, ReopenCause
from duban.rectification.errors import (
    DEADLINE_NOT_LATER,
    EVIDENCE_REQUIRED,
    LOOK_BACK_BY_PERSON,
    REJECTION_UNEXPLAINED,
    TEST_FAILURE_UNEXPLAINED,
    TEST_UNANSWERED,
    TEST_UNKNOWN,
)
from duban.rectification.events import (
    extension_decided_event,
    extension_requested_event,
    task_looked_back_event,
)
from duban.rectification.models import CloseOut, ExtensionRequest, LookBack, Task
from duban.rectification.permissions import (
    acceptance_refusals,
    enforce,
    extension_blockers,
    look_back_refusal,
    side_refusal,
)
from duban.rectification.services.handoffs import (
    closure_requested,
    extension_decided,
    extension_requested,
)
from duban.rectification.services.lifecycle import apply_transition, check_transition, lock_task
from duban.rectification.services.schedule import refresh_task_schedule
from duban.rectification.site_checks import site_check_of
from duban.rectification.transitions import DECIDE_EXTENSION, REQUEST_EXTENSION, TRANSITIONS

MAX_PUBLICITY_DAYS = 60


def closure_request(
    *,
    actor: Any,
    task_id: int,
    summary: str,
    evidence: list[Attachment] | None = None,
    uploads: Sequence[Upload] = (),
) -> CloseOut:
    """Ask for close-out of a completed task; evidence (stored files, or files sent with the
    request and stored here) is mandatory."""
    errors = {}
    if not evidence and not uploads:
        errors["evidence"] = EVIDENCE_REQUIRED()
    if not summary.strip():
        errors["summary"] = REQUIRED()
    with transaction.atomic():
        task = lock_task(actor=actor, task_id=task_id)
        transition = TRANSITIONS["request_closure"]
        check_transition(actor=actor, task=task, transition=transition, reason="")
        evidence = [*(evidence or []), *uploads_store(actor=actor, uploads=uploads)]
        if errors:
            raise ApplicationError(
                "closure request incomplete", code="invalid_closure", fields=errors
            )
        closeout = CloseOut.objects.create(
            task=task, summary=summary, requested_by=user_of(actor), requested_at=clock.now()
        )
        closeout.evidence.set(evidence)
        apply_transition(
            actor=actor,
            task=task,
            transition=transition,
            reason=summary,
            data={"closeout": closeout.pk, "evidence": [a.sha256 for a in evidence]},
        )
        closure_requested(actor=actor, closeout=closeout)
    return closeout


def _check_tests(
    tests: dict[str, dict[str, Any]],
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    clean: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for key in rules.CLOSURE_TEST_KEYS:
        answer = tests.get(key)
        if not isinstance(answer, dict) or not isinstance(answer.get("passed"), bool):
            errors[f"tests.{key}"] = TEST_UNANSWERED()
            continue
        comment = str(answer.get("comment", "")).strip()
        if not answer["passed"] and not comment:
            errors[f"tests.{key}"] = TEST_FAILURE_UNEXPLAINED()
        clean[key] = {"passed": answer["passed"], "comment": comment}
    unknown = set(tests) - set(rules.CLOSURE_TEST_KEYS)
    for key in sorted(unknown):
        errors[f"tests.{key}"] = TEST_UNKNOWN()
    return clean, errors


def acceptance_record(
    *,
    actor: Any,
    task_id: int,
    acceptance_unit: Organization,
    signer: Person,
    tests: dict[str, dict[str, Any]],
    publicity_days: int | None = None,
    site_check_id: int | None = None,
    document_check_reason: str = "",
) -> Task:
    """Record acceptance by an independent unit of the task's level and its named signer, on a
    site check or a document-check reason (permissions.acceptance_refusals). All five tests
    met → publicity (公示) for `publicity_days` working days (default: configured); any not
    met → back to the unit with the failed tests as the reason. Raises ApplicationError with
    the refused fields."""
    publicity_days = publicity_days or rules.publicity_working_days()
    clean, errors = _check_shape(tests, publicity_days)
    basis = Basis(site_check_id, document_check_reason.strip())
    with transaction.atomic():
        task = lock_task(actor=actor, task_id=task_id)
        check_transition(actor=actor, task=task, transition=TRANSITIONS["accept"], reason="")
        errors |= _acceptance_refusals(task, acceptance_unit, signer, basis)
        if errors:
            raise ApplicationError(
                "acceptance incomplete", code="invalid_acceptance", fields=errors
            )
        decision = _closeout_decide(
            actor=actor,
            task=task,
            acceptance_unit=acceptance_unit,
            signer=signer,
            tests=clean,
            publicity_days=publicity_days,
            basis=basis,
        )
        return _accept_or_return(
            actor=actor, task=task, decision=decision, publicity_days=publicity_days
        )


def _check_shape(
    tests: dict[str, dict[str, Any]], publicity_days: int
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The five tests' answers, cleaned, and the reasons for the fields shaped wrong."""
    clean, errors = _check_tests(tests)
    if not 1 <= publicity_days <= MAX_PUBLICITY_DAYS:
        errors["publicity_days"] = BETWEEN(low=1, high=MAX_PUBLICITY_DAYS)
    return clean, errors


@dataclass(frozen=True)
class Basis:
    """What an acceptance rests on: a site check of the task, or why documents suffice."""

    site_check_id: int | None
    document_check_reason: str

    def event_data(self, task: Task) -> dict[str, Any]:
        """New keys of task.accepted / task.upheld payloads (the dossier shows them)."""
        check = site_check_of(task.pk, self.site_check_id)
        return {
            "site_check": self.site_check_id,
            "site_check_label": str(check) if check else "",
            "document_check_reason": self.document_check_reason,
        }


def _acceptance_refusals(
    task: Task, unit: Organization, signer: Person, basis: Basis
) -> dict[str, str]:
    return acceptance_refusals(
        task=task,
        unit=unit,
        signer=signer,
        site_check_id=basis.site_check_id,
        document_check_reason=basis.document_check_reason,
    )


def staged_acceptance_record(
    *,
    actor: Any,
    task_id: int,
    acceptance_unit: Organization,
    signer: Person,
    summary: str,
    site_check_id: int | None = None,
    document_check_reason: str = "",
) -> Task:
    """Staged acceptance (阶段性验收) of a completed ongoing task: the same independence,
    level and basis rules as acceptance; the task becomes 阶段性完成、长期坚持 (upheld), which
    is never counted as closed (销号). Raises ApplicationError with the refused fields."""
    errors: dict[str, str] = {} if summary.strip() else {"summary": REQUIRED()}
    basis = Basis(site_check_id, document_check_reason.strip())
    with transaction.atomic():
        task = lock_task(actor=actor, task_id=task_id)
        transition = TRANSITIONS["uphold"]
        check_transition(actor=actor, task=task, transition=transition, reason="")
        errors |= _acceptance_refusals(task, acceptance_unit, signer, basis)
        if errors:
            raise ApplicationError(
                "staged acceptance incomplete", code="invalid_acceptance", fields=errors
            )
        data = _staged_closeout(
            actor=actor,
            task=task,
            unit=acceptance_unit,
            signer=signer,
            summary=summary,
            basis=basis,
        )
        return apply_transition(
            actor=actor, task=task, transition=transition, reason=summary, data=data
        )


def _staged_closeout(
    *, actor: Any, task: Task, unit: Organization, signer: Person, summary: str, basis: Basis
) -> dict[str, Any]:
    """Store the staged acceptance as a decided close-out; return it as the ledger records it."""
    now = clock.now()
    closeout = CloseOut.objects.create(
        task=task,
        summary=summary,
        requested_by=user_of(actor),
        requested_at=now,
        staged=True,
        acceptance_unit=unit,
        signer=signer,
        accepted=True,
        decided_by=user_of(actor),
        decided_at=now,
        site_check_id=basis.site_check_id,
        document_check_reason=basis.document_check_reason,
    )
    return {
        "closeout": closeout.pk,
        "staged": True,
        "acceptance_unit": unit.name,
        "signer": signer.name,
        **basis.event_data(task),
    }


def _closeout_decide(
    *,
    actor: Any,
    task: Task,
    acceptance_unit: Organization,
    signer: Person,
    tests: dict[str, dict[str, Any]],
    publicity_days: int,
    basis: Basis,
) -> dict[str, Any]:
    """Write the signer's decision on the task's latest closure request and return it as the
    ledger records it; InvalidTransition when there is none."""
    closeout = task.closeouts.order_by("-requested_at").first()
    if closeout is None:
        raise InvalidTransition("no closure request to accept")
    passed = all(answer["passed"] for answer in tests.values())
    CloseOut.objects.filter(pk=closeout.pk).update(
        acceptance_unit=acceptance_unit,
        signer=signer,
        tests=tests,
        accepted=passed,
        decided_by=user_of(actor),
        decided_at=clock.now(),
        publicity_days=publicity_days if passed else None,
        site_check_id=basis.site_check_id,
        document_check_reason=basis.document_check_reason,
    )
    return {
        "closeout": closeout.pk,
        "acceptance_unit": acceptance_unit.name,
        "signer": signer.name,
        "tests": tests,
        **basis.event_data(task),
    }


def _accept_or_return(
    *,
    actor: Any,
    task: Task,
    decision: dict[str, Any],
    publicity_days: int,
) -> Task:
    """All tests met: the task goes to publicity (公示). Otherwise it goes back to the unit with
    the failed tests as the reason."""
    tests: dict[str, dict[str, Any]] = decision["tests"]
    if all(answer["passed"] for answer in tests.values()):
        return apply_transition(
            actor=actor,
            task=task,
            transition=TRANSITIONS["accept"],
            # Event payloads are history: task.accepted events have always said notice_days.
            data={**decision, "notice_days": publicity_days},
            publicity_days=publicity_days,
        )
    labels = dict(rules.CLOSURE_TESTS)
    with translation.override("zh-hans"):  # the reason is kept in the ledger, in Chinese
        failed = "；".join(
            f"{labels[key]}：{tests[key]['comment']}" for key in tests if not tests[key]["passed"]
        )
    return apply_transition(
        actor=actor, task=task, transition=TRANSITIONS["return"], reason=failed, data=decision
    )


def lookback_record(
    *,
    actor: Any,
    task_id: int,
    findings: str,
    relapsed: bool,
    cause: ReopenCause | str = ReopenCause.LOOK_BACK,
    checked_on: date | None = None,
) -> LookBack:
    """Record a look-back (回头看); a relapse reopens the task. A look-back is a visit and
    its findings are what someone saw, so it names who recorded it: SYSTEM (the daily job)
    and anyone not signed in are refused (NotPermitted), None raises TypeError. The system's
    own evidence of a relapse is the relapse signal, which a person decides on."""
    if user_of(actor) is None:
        raise NotPermitted(LOOK_BACK_BY_PERSON(), code=LOOK_BACK_BY_PERSON.code)
    if not findings.strip():
        raise ApplicationError("findings required", fields={"findings": REQUIRED()})
    if cause not in LOOK_BACK_CAUSES:
        raise ApplicationError("unknown cause", fields={"cause": UNKNOWN_VALUE(value=cause)})
    with transaction.atomic():
        task = lock_task(actor=actor, task_id=task_id)
        enforce(look_back_refusal(actor=actor, task=task))
        look_back = LookBack.objects.create(
            task=task,
            checked_on=checked_on or clock.today(),
            findings=findings,
            relapsed=relapsed,
            recorded_by=user_of(actor),
        )
        task_looked_back_event(actor=actor, look_back=look_back)
        if relapsed:
            apply_transition(
                actor=actor,
                task=task,
                transition=TRANSITIONS["reopen"],
                reason=findings,
                data={"cause": str(cause), "look_back": look_back.pk},
            )
    return look_back


def extension_request(
    *, actor: Any, task_id: int, new_deadline: date, reason: str
) -> ExtensionRequest:
    """The lead unit asks to move the deadline; nothing changes until a reviewer approves."""
    with transaction.atomic():
        task = lock_task(actor=actor, task_id=task_id)
        enforce(side_refusal(actor=actor, task=task, right=REQUEST_EXTENSION))
        errors = extension_blockers(task)
        if "new_deadline" not in errors and task.deadline and new_deadline <= task.deadline:
            errors = {"new_deadline": DEADLINE_NOT_LATER(deadline=task.deadline), **errors}
        if not reason.strip():
            errors["reason"] = REQUIRED()
        if errors:
            raise ApplicationError(
                "extension not requested", code="invalid_extension", fields=errors
            )
        extension = ExtensionRequest.objects.create(
            task=task,
            old_deadline=task.deadline or new_deadline,  # never None: checked above
            new_deadline=new_deadline,
            reason=reason,
            requested_by=user_of(actor),
            requested_at=clock.now(),
        )
        extension_requested_event(actor=actor, extension=extension)
        extension_requested(actor=actor, extension=extension)
    return extension


def extension_decide(
    *, actor: Any, extension_id: int, approve: bool, note: str = ""
) -> ExtensionRequest:
    """A reviewer approves (the deadline moves) or rejects a pending extension request."""
    with transaction.atomic():
        extension = (
            ExtensionRequest.objects.select_for_update(no_key=True).filter(pk=extension_id).first()
        )
        if extension is None:
            raise NotFound("no such extension request", code="extension_not_found")
        task = lock_task(actor=actor, task_id=extension.task_id)
        enforce(side_refusal(actor=actor, task=task, right=DECIDE_EXTENSION))
        if extension.state != ExtensionState.PENDING:
            raise InvalidTransition("this request was already decided")
        if not approve and not note.strip():
            raise ApplicationError("say why", fields={"note": REJECTION_UNEXPLAINED()})
        extension.state = ExtensionState.APPROVED if approve else ExtensionState.REJECTED
        extension.decided_by, extension.decided_at, extension.decision_note = (
            user_of(actor),
            clock.now(),
            note,
        )
        extension.save()
        if approve:
            task.deadline = extension.new_deadline
            refresh_task_schedule(task=task, today=clock.today())
            task.save()
        extension_decided_event(actor=actor, extension=extension, task=task)
        extension_decided(actor=actor, extension=extension)
    return extension
