"""Accountability's ledger events: one helper per event, building its payload and recording it.

Recorded payloads never change shape (the ledger is append-only and hash-chained), so each
helper writes exactly the keys, in the order, the service wrote before it existed. Every
event is recorded on the case, by its commission.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from duban.accountability.choices import Verb
from duban.accountability.models import (
    AccountabilityCase,
    ResponsibilityFinding,
    Sanction,
    SanctionReview,
)
from duban.core import ledger
from duban.core.models import Attachment, Event
from duban.inspections.models import Problem
from duban.supervision.models import DirectInvestigation


def case_opened_event(
    *, actor: Any, case: AccountabilityCase, problems: Sequence[Problem]
) -> Event:
    """Record a case opened about problems (in the order given)."""
    return ledger.record(
        actor=actor,
        verb=Verb.CASE_OPENED,
        subject=case,
        organization=case.commission,
        data={
            "case": case.pk,
            "number": case.number,
            "source": str(case.source),
            "problems": [p.code for p in problems],
            "signal": case.signal.pk if case.signal else None,
        },
    )


def finding_recorded_event(
    *, actor: Any, finding: ResponsibilityFinding, evidence: Sequence[Attachment]
) -> Event:
    """Record who bore which responsibility, what proves it, and the facts as the reason."""
    case = finding.case
    return ledger.record(
        actor=actor,
        verb=Verb.FINDING_RECORDED,
        subject=case,
        organization=case.commission,
        data={
            "finding": finding.pk,
            "person": finding.person.name if finding.person else None,
            "organization": finding.organization.name if finding.organization else None,
            "responsibility": str(finding.responsibility),
            "event_seqs": finding.event_seqs,
            "evidence": [a.sha256 for a in evidence],
        },
        reason=finding.facts,
    )


def finding_withdrawn_event(*, actor: Any, finding: ResponsibilityFinding) -> Event:
    """Record a finding withdrawn, the reason as the event's reason."""
    case = finding.case
    return ledger.record(
        actor=actor,
        verb=Verb.FINDING_WITHDRAWN,
        subject=case,
        organization=case.commission,
        data={"finding": finding.pk, "withdrawn_on": finding.withdrawn_on},
        reason=finding.withdrawal_reason,
    )


def sanction_decided_event(*, actor: Any, sanction: Sanction, rank: str) -> Event:
    """Record a sanction decided, with the rank as given (stored only for a person)."""
    case = sanction.case
    return ledger.record(
        actor=actor,
        verb=Verb.SANCTION_DECIDED,
        subject=case,
        organization=case.commission,
        data={
            "sanction": sanction.pk,
            "finding": sanction.finding.pk,
            "measure": str(sanction.measure),
            "rank": str(rank),
            "decided_by": sanction.decided_by,
            "decided_on": sanction.decided_on,
            "months": sanction.months,
            "public": sanction.is_public,
        },
    )


def sanction_carried_out_event(*, actor: Any, sanction: Sanction, on: date) -> Event:
    """Record organizational handling (停职, 免职 …) carried out on a day."""
    case = sanction.case
    return ledger.record(
        actor=actor,
        verb=Verb.SANCTION_CARRIED_OUT,
        subject=case,
        organization=case.commission,
        data={"sanction": sanction.pk, "carried_out_on": on},
    )


def review_requested_event(*, actor: Any, review: SanctionReview) -> Event:
    """Record a sanctioned person's request for review, the grounds as the reason."""
    case = review.sanction.case
    return ledger.record(
        actor=actor,
        verb=Verb.REVIEW_REQUESTED,
        subject=case,
        organization=case.commission,
        data={
            "review": review.pk,
            "sanction": review.sanction_id,
            "kind": str(review.kind),
            "requested_on": review.requested_on,
        },
        reason=review.grounds,
    )


def review_decided_event(*, actor: Any, review: SanctionReview) -> Event:
    """Record the decision on a review: upheld, changed (old and new measure) or revoked."""
    case = review.sanction.case
    return ledger.record(
        actor=actor,
        verb=Verb.REVIEW_DECIDED,
        subject=case,
        organization=case.commission,
        data={
            "review": review.pk,
            "sanction": review.sanction_id,
            "outcome": str(review.outcome),
            "previous_measure": str(review.previous_measure) or None,
            "measure": str(review.sanction.measure),
            "decided_on": review.decided_on,
        },
        reason=review.answer,
    )


def investigation_published_event(*, actor: Any, investigation: DirectInvestigation) -> Event:
    """Record a direct investigation's results published (or withdrawn from publication), on
    the investigation, by its commission."""
    return ledger.record(
        actor=actor,
        verb=Verb.INVESTIGATION_PUBLISHED,
        subject=investigation,
        organization=investigation.commission,
        data={
            "public": investigation.is_public,
            "published_on": investigation.published_on,
            "summary": investigation.published_summary,
        },
    )
