"""Verification's ledger events: one helper per event, building its payload and recording it.

Recorded payloads never change shape (the ledger is append-only and hash-chained), so each
helper writes exactly the keys, in the order, the service wrote before it existed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from duban.core import ledger
from duban.core.models import Attachment, Event, Person
from duban.rectification.models import Task
from duban.verification.choices import SignalStatus, Verb
from duban.verification.models import Signal, SiteCheck, Verification


def site_check_recorded_event(
    *,
    actor: Any,
    site_check: SiteCheck,
    tasks: Sequence[Task],
    inspectors: Sequence[Person],
    evidence: Sequence[Attachment],
) -> Event:
    """Record a site check on itself (by its organization) and on each task it checked."""
    event = ledger.record(
        actor=actor,
        verb=Verb.SITE_CHECK_RECORDED,
        subject=site_check,
        organization=site_check.organization,
        data={
            "checked_on": site_check.checked_on,
            "place": site_check.place,
            "passed": site_check.passed,
            "tasks": [t.code for t in tasks],
            "inspectors": [p.name for p in inspectors],
            "evidence": [a.sha256 for a in evidence],
        },
    )
    for task in tasks:
        ledger.record(
            actor=actor,
            verb=Verb.SITE_CHECK_RECORDED,
            subject=task,
            data={
                "site_check": site_check.pk,
                "place": site_check.place,
                "passed": site_check.passed,
            },
        )
    return event


def claim_verified_event(*, actor: Any, verification: Verification) -> Event:
    """Record a claimed figure checked, on the claim's task, with the deviation found."""
    claim = verification.claim
    deviation = verification.deviation
    return ledger.record(
        actor=actor,
        verb=Verb.CLAIM_VERIFIED,
        subject=claim.task,
        data={
            "claim": claim.pk,
            "metric": claim.metric,
            "version": claim.version,
            "claimed": str(claim.value),
            "verified": str(verification.verified_value),
            "deviation": str(deviation) if deviation is not None else None,
            "method": str(verification.method),
            "checker": verification.checker.name,
        },
    )


def signal_raised_event(*, actor: Any, signal: Signal) -> Event:
    """Record a new signal on itself and, when it concerns one, on its task."""
    data = {
        "signal": signal.pk,
        "kind": str(signal.kind),
        "severity": str(signal.severity),
        "explanation": signal.explanation,
        "evidence": signal.evidence,
    }
    event = ledger.record(actor=actor, verb=Verb.SIGNAL_RAISED, subject=signal, data=data)
    if signal.task is not None:
        ledger.record(actor=actor, verb=Verb.SIGNAL_RAISED, subject=signal.task, data=data)
    return event


def signal_decided_event(*, actor: Any, signal: Signal) -> Event:
    """Record a signal confirmed or dismissed, its decision's reason as the reason."""
    confirmed = signal.status == SignalStatus.CONFIRMED
    return ledger.record(
        actor=actor,
        verb=Verb.SIGNAL_CONFIRMED if confirmed else Verb.SIGNAL_DISMISSED,
        subject=signal,
        reason=signal.decision_reason,
        data={"signal": signal.pk, "kind": signal.kind},
    )


def signal_referred_event(*, actor: Any, signal: Signal, note: str) -> Event:
    """Record a signal referred to the discipline commission, with the referral note."""
    return ledger.record(
        actor=actor,
        verb=Verb.SIGNAL_REFERRED,
        subject=signal,
        reason=note,
        data={
            "signal": signal.pk,
            "kind": signal.kind,
            "unit": signal.unit.name if signal.unit else None,
        },
    )
