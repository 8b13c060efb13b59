"""Supervision's ledger events: one helper per event, building its payload and recording it.

Recorded payloads never change shape (the ledger is append-only and hash-chained), so each
helper writes exactly the keys, in the order, the service wrote before it existed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from duban.core import ledger
from duban.core.models import Attachment, Event, Organization, Person
from duban.rectification.models import Task
from duban.supervision.choices import NoticeLevel, Verb
from duban.supervision.models import DirectInvestigation, NoticeNumbering, SupervisionNotice


def numbering_configured_event(
    *, actor: Any, issuer: Organization, numbering: NoticeNumbering, example: str
) -> Event:
    """Record an issuer's notice numbering for a year, with a number it produces."""
    return ledger.record(
        actor=actor,
        verb=Verb.NUMBERING_CONFIGURED,
        subject=issuer,
        organization=issuer,
        data={
            "year": numbering.year,
            "prefix": numbering.prefix,
            "pattern": numbering.pattern,
            "example": example,
        },
    )


def _level_terms(notice: SupervisionNotice) -> dict[str, Any]:
    """The terms only 挂牌督办 and 约谈 carry; other levels keep their payload as before."""
    if notice.level == NoticeLevel.LISTED:
        return {"time_limit_months": notice.time_limit_months, "public": notice.is_public}
    if notice.level == NoticeLevel.TALK:
        return {
            "talk_at": notice.talk_at,
            "talk_place": notice.talk_place,
            "talk_attendees": notice.talk_attendees,
        }
    return {}


def notice_issued_event(*, actor: Any, notice: SupervisionNotice, tasks: Sequence[Task]) -> Event:
    """Record a notice issued (or escalated from an earlier one) on itself, its demands as the
    reason, and on each of its tasks."""
    escalated_from = notice.escalated_from
    data = {
        "notice": notice.pk,
        "number": notice.number,
        "level": str(notice.level),
        "issuer": notice.issuer.name,
        "target": notice.target.name,
        "due_on": notice.due_on,
        "tasks": [t.code for t in tasks],
        "escalated_from": escalated_from.number if escalated_from else None,
        **_level_terms(notice),
    }
    verb = Verb.NOTICE_ESCALATED if escalated_from else Verb.NOTICE_ISSUED
    issuer = notice.issuer
    event = ledger.record(
        actor=actor,
        verb=verb,
        subject=notice,
        organization=issuer,
        data=data,
        reason=notice.demands,
    )
    for task in tasks:
        ledger.record(actor=actor, verb=verb, subject=task, organization=issuer, data=data)
    return event


def notice_responded_event(
    *, actor: Any, notice: SupervisionNotice, evidence: Sequence[Attachment]
) -> Event:
    """Record the target unit's answer to a notice, the answer as the reason."""
    return ledger.record(
        actor=actor,
        verb=Verb.NOTICE_RESPONDED,
        subject=notice,
        organization=notice.target,
        reason=notice.response,
        data={
            "notice": notice.pk,
            "number": notice.number,
            "evidence": [a.sha256 for a in evidence],
        },
    )


def notice_closed_event(*, actor: Any, notice: SupervisionNotice) -> Event:
    """Record a notice closed by its issuer, the closing note as the reason."""
    return ledger.record(
        actor=actor,
        verb=Verb.NOTICE_CLOSED,
        subject=notice,
        organization=notice.issuer,
        reason=notice.closing_note,
        data={"notice": notice.pk, "number": notice.number},
    )


def investigation_opened_event(
    *, actor: Any, investigation: DirectInvestigation, team: Sequence[Person]
) -> Event:
    """Record a direct investigation opened. The problem's timeline says only that the
    commission took it over; the plan and the team stay on the investigation's own
    (internal) timeline."""
    problem, commission = investigation.problem, investigation.commission
    ledger.record(
        actor=actor,
        verb=Verb.INVESTIGATION_OPENED,
        subject=problem,
        organization=commission,
        data={"investigation": investigation.pk, "commission": commission.name},
    )
    return ledger.record(
        actor=actor,
        verb=Verb.INVESTIGATION_OPENED,
        subject=investigation,
        organization=commission,
        reason=investigation.plan,
        data={"problem": problem.code, "team": [str(person) for person in team]},
    )


def investigation_updated_event(*, actor: Any, investigation: DirectInvestigation) -> Event:
    """Record an investigation's findings, on its own (internal) timeline only."""
    return ledger.record(
        actor=actor,
        verb=Verb.INVESTIGATION_UPDATED,
        subject=investigation,
        organization=investigation.commission,
        data={"findings": investigation.findings},
    )


def investigation_concluded_event(*, actor: Any, investigation: DirectInvestigation) -> Event:
    """Record an investigation's outcome on itself; the problem learns only that it ended."""
    event = ledger.record(
        actor=actor,
        verb=Verb.INVESTIGATION_CONCLUDED,
        subject=investigation,
        organization=investigation.commission,
        data={"outcome": investigation.outcome},
    )
    ledger.record(
        actor=actor,
        verb=Verb.INVESTIGATION_CONCLUDED,
        subject=investigation.problem,
        organization=investigation.commission,
        data={"investigation": investigation.pk},
    )
    return event
