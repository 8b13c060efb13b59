"""Recording site checks and verifications; raising, deciding and referring signals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from duban.core import clock, ledger
from duban.core.attachments import Upload, uploads_store
from duban.core.errors import IMPLAUSIBLE_NUMBER, REQUIRED
from duban.core.models import Attachment, Organization, Person, Region
from duban.core.principal import SYSTEM, user_of
from duban.errors import ApplicationError, NotFound, NotPermitted, ReasonKind
from duban.rectification.models import Claim, Task
from duban.rectification.selectors import task_visible_to
from duban.verification import rules
from duban.verification.choices import SignalStatus, Verb, VerificationMethod
from duban.verification.detect import DETECTORS, Finding
from duban.verification.errors import (
    CHECKER_OF_LEAD_UNIT,
    HALF_A_POSITION,
    NO_INSPECTORS,
    NO_TASKS,
    NOT_ON_EARTH,
    SIGNAL_DECISION_REFUSED,
    SITE_CHECK_IN_FUTURE,
    SITE_CHECK_REFUSED,
    UNKNOWN_METHOD,
    VERIFICATION_REFUSED,
)
from duban.verification.models import Signal, SiteCheck, Verification
from duban.verification.selectors import (
    decision_refusal,
    oversees,
    referral_refusal,
    signal_region,
    signal_visible_to,
)

MAX_VALUE = Decimal("999999999999")


def _require_oversight(
    actor: Any, region_code: str, refusal: ReasonKind, unit: Organization | None = None
) -> None:
    if not oversees(user=actor, region=region_code, unit=unit):
        raise NotPermitted(refusal())


def site_check_record(
    *,
    actor: Any,
    organization: Organization,
    checked_on: date,
    region: Region,
    place: str,
    findings: str,
    inspectors: list[Person],
    tasks: list[Task],
    passed: bool | None = None,
    unannounced: bool = True,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    evidence: list[Attachment] | None = None,
    uploads: Sequence[Upload] = (),
) -> SiteCheck:
    """Record an on-site check of tasks the actor oversees, with evidence already stored
    and files sent with it (stored here)."""
    _require_oversight(actor, region.code, SITE_CHECK_REFUSED)
    with transaction.atomic():
        evidence = [*(evidence or []), *uploads_store(actor=actor, uploads=uploads)]
        _check_site_check(
            inspectors=inspectors,
            tasks=tasks,
            checked_on=checked_on,
            latitude=latitude,
            longitude=longitude,
        )
        check = SiteCheck.objects.create(
            organization=organization,
            checked_on=checked_on,
            region=region,
            place=place,
            findings=findings,
            passed=passed,
            unannounced=unannounced,
            latitude=latitude,
            longitude=longitude,
            recorded_by=user_of(actor),
        )
        check.inspectors.set(inspectors)
        check.tasks.set(tasks)
        check.evidence.set(evidence)
        ledger.record(
            actor=actor,
            verb=Verb.SITE_CHECK_RECORDED,
            subject=check,
            organization=organization,
            data={
                "checked_on": checked_on,
                "place": place,
                "passed": passed,
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
                data={"site_check": check.pk, "place": place, "passed": passed},
            )
    return check


def _check_site_check(
    *,
    inspectors: list[Person],
    tasks: list[Task],
    checked_on: date,
    latitude: Decimal | None,
    longitude: Decimal | None,
) -> None:
    """Raise ApplicationError naming every field of a site check that is wrong."""
    errors: dict[str, str] = {}
    if not inspectors:
        errors["inspectors"] = NO_INSPECTORS()
    if not tasks:
        errors["tasks"] = NO_TASKS()
    if (latitude is None) != (longitude is None):
        errors["latitude"] = HALF_A_POSITION()
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= (longitude or 0) <= 180):
        errors["latitude"] = NOT_ON_EARTH()
    if checked_on > clock.today():
        errors["checked_on"] = SITE_CHECK_IN_FUTURE()
    if errors:
        raise ApplicationError("site check not recorded", code="invalid_site_check", fields=errors)


def verification_record(
    *,
    actor: Any,
    claim_id: int,
    verified_value: Decimal,
    method: VerificationMethod | str,
    checker: Person,
    verified_on: date,
    site_check: SiteCheck | None = None,
    note: str = "",
) -> Verification:
    """Check one claimed figure. The checker may not belong to the task's lead unit."""
    claim = (
        Claim.objects.select_related("task__lead_unit", "task__problem").filter(pk=claim_id).first()
    )
    if claim is None or not task_visible_to(actor).filter(pk=claim.task_id).exists():
        raise NotFound("claim not found", code="claim_not_found")
    _require_oversight(
        actor, claim.task.problem.region_id, VERIFICATION_REFUSED, claim.task.lead_unit
    )
    errors: dict[str, str] = {}
    if checker.organization.path.startswith(claim.task.lead_unit.path):
        errors["checker"] = CHECKER_OF_LEAD_UNIT(
            person=checker.name, unit=claim.task.lead_unit.name
        )
    if method not in VerificationMethod.values:
        errors["method"] = UNKNOWN_METHOD(method=method)
    if not verified_value.is_finite() or abs(verified_value) > MAX_VALUE:
        errors["verified_value"] = IMPLAUSIBLE_NUMBER()
    if errors:
        raise ApplicationError(
            "verification not recorded", code="invalid_verification", fields=errors
        )
    deviation = rules.relative_deviation(claimed=claim.value, verified=verified_value)
    with transaction.atomic():
        verification = Verification.objects.create(
            claim=claim,
            verified_value=verified_value,
            method=method,
            checker=checker,
            site_check=site_check,
            verified_on=verified_on,
            note=note,
            deviation=deviation,
            recorded_by=user_of(actor),
        )
        ledger.record(
            actor=actor,
            verb=Verb.CLAIM_VERIFIED,
            subject=claim.task,
            data={
                "claim": claim.pk,
                "metric": claim.metric,
                "version": claim.version,
                "claimed": str(claim.value),
                "verified": str(verified_value),
                "deviation": str(deviation) if deviation is not None else None,
                "method": str(method),
                "checker": checker.name,
            },
        )
    return verification


def _raise(finding: Finding) -> Signal | None:
    """Store a finding once; a known key is not raised again."""
    if Signal.objects.filter(key=finding.key).exists():
        return None
    signal = Signal.objects.create(
        kind=finding.kind,
        severity=finding.severity,
        key=finding.key,
        task=finding.task,
        unit=finding.unit,
        explanation=finding.explanation,
        evidence=finding.evidence,
    )
    data = {
        "signal": signal.pk,
        "kind": str(finding.kind),
        "severity": str(finding.severity),
        "explanation": finding.explanation,
        "evidence": finding.evidence,
    }
    ledger.record(actor=SYSTEM, verb=Verb.SIGNAL_RAISED, subject=signal, data=data)
    if finding.task is not None:
        ledger.record(actor=SYSTEM, verb=Verb.SIGNAL_RAISED, subject=finding.task, data=data)
    return signal


def signals_scan() -> list[Signal]:
    """Run every rule; idempotent — each finding is raised at most once, ever."""
    raised: list[Signal] = []
    with transaction.atomic():
        for detector in DETECTORS:
            for finding in detector():
                signal = _raise(finding)
                if signal is not None:
                    raised.append(signal)
    return raised


def _locked_signal(actor: Any, signal_id: int) -> Signal:
    if not signal_visible_to(actor).filter(pk=signal_id).exists():
        raise NotFound("signal not found", code="signal_not_found")
    signal = Signal.objects.select_for_update().filter(pk=signal_id).first()
    if signal is None:
        raise NotFound("signal not found", code="signal_not_found")
    _require_oversight(actor, signal_region(signal) or "", SIGNAL_DECISION_REFUSED, signal.unit)
    return signal


def signal_decide(*, actor: Any, signal_id: int, confirm: bool, reason: str) -> Signal:
    """Confirm or dismiss an open signal, with a reason; the decision is a ledger event."""
    if not reason.strip():
        raise ApplicationError(
            "a reason is required", code="reason_required", fields={"reason": REQUIRED()}
        )
    with transaction.atomic():
        signal = _locked_signal(actor, signal_id)
        if refusal := decision_refusal(signal):
            raise refusal
        signal.status = SignalStatus.CONFIRMED if confirm else SignalStatus.DISMISSED
        signal.decided_by, signal.decided_at = user_of(actor), clock.now()
        signal.decision_reason = reason
        signal.save()
        verb = Verb.SIGNAL_CONFIRMED if confirm else Verb.SIGNAL_DISMISSED
        ledger.record(
            actor=actor,
            verb=verb,
            subject=signal,
            reason=reason,
            data={"signal": signal.pk, "kind": signal.kind},
        )
    return signal


def signal_refer(*, actor: Any, signal_id: int, note: str = "") -> Signal:
    """Refer a confirmed signal to the discipline commission (picked up by accountability)."""
    with transaction.atomic():
        signal = _locked_signal(actor, signal_id)
        if refusal := referral_refusal(signal):
            raise refusal
        signal.referred = True
        signal.save(update_fields=["referred"])
        ledger.record(
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
    return signal
