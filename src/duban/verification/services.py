"""Recording site checks and verifications; raising, deciding and referring signals."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import transaction

from duban.core import clock
from duban.core.attachments import Upload, uploads_store
from duban.core.errors import IMPLAUSIBLE_NUMBER, REQUIRED
from duban.core.models import Attachment, Organization, Person, Region
from duban.core.principal import SYSTEM, user_of
from duban.errors import ApplicationError, NotFound, NotPermitted, Reason, ReasonKind
from duban.rectification.models import Claim, Task
from duban.rectification.selectors import task_visible_to
from duban.verification import rules
from duban.verification.choices import SignalStatus, VerificationMethod
from duban.verification.detect import DETECTORS, Detector, Finding, thresholds
from duban.verification.errors import (
    CHECKER_OF_LEAD_UNIT,
    HALF_A_POSITION,
    INSPECTOR_OF_LEAD_UNIT,
    NO_INSPECTORS,
    NO_TASKS,
    NOT_ON_EARTH,
    SIGNAL_DECISION_REFUSED,
    SITE_CHECK_IN_FUTURE,
    SITE_CHECK_REFUSED,
    UNKNOWN_METHOD,
    VERIFICATION_REFUSED,
)
from duban.verification.events import (
    claim_verified_event,
    signal_decided_event,
    signal_raised_event,
    signal_referred_event,
    site_check_recorded_event,
)
from duban.verification.feeds import Feed, chunks, overlap_start, window_end, window_keys
from duban.verification.handoffs import signal_raised, signal_referred
from duban.verification.models import DetectorProgress, Signal, SiteCheck, Verification
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
    and files sent with it (stored here). Without a position, a photo's EXIF GPS gives it;
    refused (ApplicationError) for an inspector of a task's lead unit."""
    _require_oversight(actor, region.code, SITE_CHECK_REFUSED)
    check = SiteCheck(
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
    with transaction.atomic():
        evidence = [*(evidence or []), *uploads_store(actor=actor, uploads=uploads)]
        if latitude is None and longitude is None:
            check.latitude, check.longitude = photo_position(evidence)
        _check_site_check(check, inspectors=inspectors, tasks=tasks)
        check.save(force_insert=True)
        _file_site_check(actor, check, inspectors=inspectors, tasks=tasks, evidence=evidence)
    return check


def photo_position(evidence: list[Attachment]) -> tuple[Decimal | None, Decimal | None]:
    """Where the first evidence photo with EXIF GPS was taken, else (None, None): a check
    recorded without a position takes its photos' (core.images read it when storing them)."""
    for attachment in evidence:
        meta = attachment.metadata or {}
        if meta.get("exif_latitude") and meta.get("exif_longitude"):
            return Decimal(meta["exif_latitude"]), Decimal(meta["exif_longitude"])
    return None, None


def _file_site_check(
    actor: Any,
    check: SiteCheck,
    *,
    inspectors: list[Person],
    tasks: list[Task],
    evidence: list[Attachment],
) -> None:
    """Link a new site check to its inspectors, tasks and evidence, and record it."""
    check.inspectors.set(inspectors)
    check.tasks.set(tasks)
    check.evidence.set(evidence)
    site_check_recorded_event(
        actor=actor, site_check=check, tasks=tasks, inspectors=inspectors, evidence=evidence
    )


def _check_site_check(check: SiteCheck, *, inspectors: list[Person], tasks: list[Task]) -> None:
    """Raise ApplicationError naming every field of a new (unsaved) site check that is wrong."""
    checked_on, latitude, longitude = check.checked_on, check.latitude, check.longitude
    errors: dict[str, str] = {}
    if not inspectors:
        errors["inspectors"] = NO_INSPECTORS()
    if not tasks:
        errors["tasks"] = NO_TASKS()
    if own := _own_staff(inspectors, tasks):
        errors["inspectors"] = own
    if (latitude is None) != (longitude is None):
        errors["latitude"] = HALF_A_POSITION()
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= (longitude or 0) <= 180):
        errors["latitude"] = NOT_ON_EARTH()
    if checked_on > clock.today():
        errors["checked_on"] = SITE_CHECK_IN_FUTURE()
    if errors:
        raise ApplicationError("site check not recorded", code="invalid_site_check", fields=errors)


def _own_staff(inspectors: list[Person], tasks: list[Task]) -> Reason | None:
    """The reason an inspector may not check these tasks: the first one of a task's lead unit
    (or below it) — a unit does not inspect its own work, as it does not verify its figures."""
    for task in tasks:
        unit = task.lead_unit
        for inspector in inspectors:
            if inspector.organization.path.startswith(unit.path):
                return INSPECTOR_OF_LEAD_UNIT(person=inspector.name, unit=unit.name)
    return None


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
    claim = _overseen_claim(actor, claim_id)
    _check_verification(claim, checker=checker, method=method, verified_value=verified_value)
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
        claim_verified_event(actor=actor, verification=verification)
    return verification


def _overseen_claim(actor: Any, claim_id: int) -> Claim:
    """The claim, if the actor sees its task (else NotFound) and oversees its lead unit (else
    NotPermitted)."""
    claim = (
        Claim.objects.select_related("task__lead_unit", "task__problem").filter(pk=claim_id).first()
    )
    if claim is None or not task_visible_to(actor).filter(pk=claim.task_id).exists():
        raise NotFound("claim not found", code="claim_not_found")
    _require_oversight(
        actor, claim.task.problem.region_id, VERIFICATION_REFUSED, claim.task.lead_unit
    )
    return claim


def _check_verification(
    claim: Claim, *, checker: Person, method: str, verified_value: Decimal
) -> None:
    """Raise ApplicationError naming every field of a verification that is wrong; the checker
    may not belong to the task's lead unit."""
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
    signal_raised_event(actor=SYSTEM, signal=signal)
    signal_raised(actor=SYSTEM, signal=signal)
    return signal


def signal_raise(*, finding: Finding) -> Signal | None:
    """Raise one finding made outside the scan (a complaint about a closed task's site); a
    key already raised raises nothing (None)."""
    return _raise(finding)


def signals_scan() -> list[Signal]:
    """Run every rule over what changed since its last run (everything, the first time);
    idempotent — each finding is raised at most once, ever. Each chunk of keys commits with
    its detector's watermark, so a run that stops part-way resumes where it stopped."""
    limits = json.dumps({metric: str(value) for metric, value in thresholds().items()})
    raised: list[Signal] = []
    for detector in DETECTORS:
        progress, _ = DetectorProgress.objects.get_or_create(detector=detector.name)
        if detector.uses_thresholds and progress.thresholds != limits:
            progress.feeds, progress.thresholds = {}, limits  # other limits: start over
            progress.save()
        prepared = cache(detector.prepare)  # read only if a feed has something new
        for feed in detector.feeds:
            raised += _scan_feed(detector, feed, progress, prepared)
    return raised


def _scan_feed(
    detector: Detector, feed: Feed, progress: DetectorProgress, prepared: Callable[[], Any]
) -> list[Signal]:
    """Read the feed's new rows a window at a time; evaluate their keys a chunk at a time."""
    raised: list[Signal] = []
    overlap = True  # a run's first fresh window re-reads the rows before it (feeds.OVERLAP)
    while True:
        state = progress.feeds.get(feed.name, {"done": 0})
        done, end = state["done"], state.get("window_end")
        start = overlap_start(feed, done) if overlap and not end else done
        end, overlap = end or window_end(feed, done), False
        if end is None:
            return raised
        for chunk in chunks(window_keys(feed, start, end), state.get("after")):
            with transaction.atomic():
                if not _still_at(progress, feed, state):
                    break  # another scan moved this feed on: continue from where it stands
                raised += [
                    signal
                    for finding in detector.evaluate(chunk, prepared())
                    if (signal := _raise(finding)) is not None
                ]
                state = {"done": done, "window_end": end, "after": chunk[-1]}
                _advance(progress, feed, state)
        else:
            with transaction.atomic():
                if _still_at(progress, feed, state):
                    _advance(progress, feed, {"done": end})


def _still_at(progress: DetectorProgress, feed: Feed, state: dict[str, Any]) -> bool:
    """Lock the detector's progress and reload it; whether `feed` still stands at `state`.
    Two scans at once (two workers) so take turns chunk by chunk and never raise twice."""
    locked = DetectorProgress.objects.select_for_update(no_key=True).get(pk=progress.pk)
    progress.feeds = locked.feeds
    return bool(progress.feeds.get(feed.name, {"done": 0}) == state)


def _advance(progress: DetectorProgress, feed: Feed, state: dict[str, Any]) -> None:
    progress.feeds[feed.name] = state
    progress.save(update_fields=["feeds", "updated_at"])


def _locked_signal(actor: Any, signal_id: int) -> Signal:
    if not signal_visible_to(actor).filter(pk=signal_id).exists():
        raise NotFound("signal not found", code="signal_not_found")
    signal = Signal.objects.select_for_update(no_key=True).filter(pk=signal_id).first()
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
        signal_decided_event(actor=actor, signal=signal)
    return signal


def signal_refer(*, actor: Any, signal_id: int, note: str = "") -> Signal:
    """Refer a confirmed signal to the discipline commission (picked up by accountability)."""
    with transaction.atomic():
        signal = _locked_signal(actor, signal_id)
        if refusal := referral_refusal(signal):
            raise refusal
        signal.referred = True
        signal.save(update_fields=["referred"])
        signal_referred_event(actor=actor, signal=signal, note=note)
        signal_referred(actor=actor, signal=signal)
    return signal
