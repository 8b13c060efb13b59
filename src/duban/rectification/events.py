"""Rectification's ledger events: one helper per event, building its payload and recording it.

Recorded payloads never change shape (the ledger is append-only and hash-chained), so each
helper writes exactly the keys, in the order, the service wrote before it existed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from duban.core import ledger
from duban.core.models import Attachment, Event, Organization
from duban.rectification.choices import ExtensionState, Verb
from duban.rectification.models import (
    Claim,
    ExtensionRequest,
    Filing,
    LookBack,
    Objection,
    ProgressReport,
    Task,
)


def task_stamp(task: Task) -> ledger.Stamp:
    """A task's events carry its problem's region (fixed) and its ids; who leads or co-handles
    it may change, so that part of its scope is asked of the task itself (task_event_q)."""
    return ledger.Stamp(region_code=task.problem.region_id, problem=task.problem_id, task=task.pk)


def responsibility_of(task: Task) -> dict[str, Any]:
    """A task's responsibility fields as events record them (co-units by id, sorted)."""
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


def task_created_event(*, actor: Any, task: Task) -> Event:
    """Record a task assigned to its lead unit, with everything it is responsible for."""
    return ledger.record(
        actor=actor,
        verb=Verb.TASK_CREATED,
        subject=task,
        organization=None,
        data={
            **responsibility_of(task),
            "kind": str(task.kind),
            "deadline": task.deadline,
            "assigned_on": task.assigned_on,
            "number": task.number,
            "problem": task.problem.code,
        },
    )


def task_updated_event(
    *, actor: Any, task: Task, changes: dict[str, dict[str, Any]], reason: str
) -> Event:
    """Record changed responsibility fields, each as {"old", "new"}."""
    return ledger.record(
        actor=actor,
        verb=Verb.TASK_UPDATED,
        subject=task,
        data={"task": task.code, "changes": changes},
        reason=reason,
    )


def report_submitted_event(
    *,
    actor: Any,
    report: ProgressReport,
    claims: Sequence[Claim],
    attachments: Sequence[Attachment],
) -> Event:
    """Record a progress report filed on its task, with the claims stored from it."""
    task = report.task
    return ledger.record(
        actor=actor,
        verb=Verb.REPORT_SUBMITTED,
        subject=task,
        data={
            "task": task.code,
            "report": report.pk,
            "period": str(report.period_start),
            "version": report.version,
            "percent": report.percent,
            "late": report.is_late,
            "claims": [
                {
                    "metric": c.metric,
                    "value": str(c.value),
                    "unit": c.unit,
                    "version": c.version,
                }
                for c in claims
            ],
            "attachments": [a.sha256 for a in attachments],
        },
    )


def task_looked_back_event(*, actor: Any, look_back: LookBack) -> Event:
    """Record a look-back (回头看) on its task, its findings as the reason."""
    task = look_back.task
    return ledger.record(
        actor=actor,
        verb=Verb.TASK_LOOKED_BACK,
        subject=task,
        reason=look_back.findings,
        data={"task": task.code, "relapsed": look_back.relapsed, "look_back": look_back.pk},
    )


def extension_requested_event(*, actor: Any, extension: ExtensionRequest) -> Event:
    """Record a request to move its task's deadline (the task's deadline is the old one)."""
    task = extension.task
    return ledger.record(
        actor=actor,
        verb=Verb.EXTENSION_REQUESTED,
        subject=task,
        reason=extension.reason,
        data={
            "task": task.code,
            "extension": extension.pk,
            "old_deadline": task.deadline,
            "new_deadline": extension.new_deadline,
        },
    )


def extension_decided_event(*, actor: Any, extension: ExtensionRequest, task: Task) -> Event:
    """Record an extension request approved or rejected, on the (locked) task it moves."""
    approved = extension.state == ExtensionState.APPROVED
    return ledger.record(
        actor=actor,
        verb=Verb.EXTENSION_APPROVED if approved else Verb.EXTENSION_REJECTED,
        subject=task,
        reason=extension.reason,
        data={
            "task": task.code,
            "extension": extension.pk,
            "old_deadline": extension.old_deadline,
            "new_deadline": extension.new_deadline,
            "note": extension.decision_note,
        },
    )


def warning_sent_event(*, actor: Any, task: Task, keys: set[str], recipients: set[str]) -> Event:
    """Record the deadline warnings sent about a task and to whom (both sorted)."""
    return ledger.record(
        actor=actor,
        verb=Verb.WARNING_SENT,
        subject=task,
        data={"task": task.code, "keys": sorted(keys), "recipients": sorted(recipients)},
    )


def task_transitioned_event(
    *,
    actor: Any,
    task: Task,
    verb: str,
    previous: str,
    organization: Organization | None,
    data: dict[str, Any] | None,
    reason: str,
) -> Event:
    """One move of the task's lifecycle: from and to which state, and what came with it."""
    return ledger.record(
        actor=actor,
        verb=verb,
        subject=task,
        organization=organization,
        data={"from": previous, "to": task.state, "task": task.code, **(data or {})},
        reason=reason,
    )


def objection_recorded_event(*, actor: Any, objection: Objection) -> Event:
    """Record an objection (异议) to its task's public notice, its content as the reason."""
    task = objection.task
    return ledger.record(
        actor=actor,
        verb=Verb.OBJECTION_RECORDED,
        subject=task,
        reason=objection.content,
        data={
            "task": task.code,
            "objection": objection.pk,
            "closeout": objection.closeout_id,
            "received_on": objection.received_on,
            "channel": objection.channel,
            "objector": objection.objector,
        },
    )


def objection_answered_event(*, actor: Any, objection: Objection) -> Event:
    """Record a reviewer's written answer to an objection, and whether it was upheld."""
    task = objection.task
    return ledger.record(
        actor=actor,
        verb=Verb.OBJECTION_ANSWERED,
        subject=task,
        reason=objection.answer,
        data={"task": task.code, "objection": objection.pk, "upheld": objection.upheld},
    )


def filing_event(*, actor: Any, filing: Filing, verb: str) -> Event:
    """Record a filing (备案) made, accepted or rejected, on its task."""
    task = filing.task
    return ledger.record(
        actor=actor,
        verb=verb,
        subject=task,
        organization=filing.filed_with,
        reason=filing.reason,
        data={
            "task": task.code,
            "filing": filing.pk,
            "closeout": filing.closeout_id,
            "filed_with": filing.filed_with.name,
            "state": filing.state,
            "review_ends_on": filing.review_ends_on,
        },
    )
