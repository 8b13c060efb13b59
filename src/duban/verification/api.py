"""Data-truth endpoints: site checks, verifications of claims, signals and their decisions,
a unit's data quality.

Every operation parses, calls a selector or a service, and shapes the answer; selectors hide
what the caller may not see (404, naming the input field), services refuse what the caller
may not do (403) and bad combinations (400 with per-field reasons).
"""

from django.http import HttpRequest
from ninja import Status
from ninja.pagination import paginate

from duban.core.api_types import (
    ApiRouter,
    Pagination,
    PathId,
    QueryId,
    RegionCode,
)
from duban.core.selectors import attachments_citable
from duban.verification import selectors, services
from duban.verification.choices import SignalKind, SignalStatus
from duban.verification.schemas import (
    DataQualityOut,
    DecisionIn,
    ReferralIn,
    SignalDetailOut,
    SignalOut,
    SiteCheckIn,
    SiteCheckOut,
    VerificationIn,
    VerificationOut,
)

router = ApiRouter()


# Site checks


@router.get("/site-checks", response=list[SiteCheckOut], tags=["site checks"])
@paginate(Pagination)
def list_site_checks(request: HttpRequest, task: QueryId = None):
    """Site checks the caller sees, newest first; `task=` narrows to the checks of one task."""
    return selectors.site_check_list(user=request.user, task=task)


@router.post("/site-checks", response={201: SiteCheckOut}, tags=["site checks"])
def record_site_check(request: HttpRequest, payload: SiteCheckIn):
    """Record an on-site check (often unannounced, 四不两直) of tasks in the caller's region.
    Without `region`, the first task's region is taken; `evidence` cites uploaded files."""
    refs = selectors.site_check_references(
        user=request.user,
        organization=payload.organization,
        region=payload.region,
        inspectors=payload.inspectors,
        tasks=payload.tasks,
    )
    evidence = attachments_citable(user=request.user, ids=payload.evidence, field="evidence")
    check = services.site_check_record(
        actor=request.user,
        organization=refs.organization,
        checked_on=payload.checked_on,
        region=refs.region,
        place=payload.place,
        findings=payload.findings,
        inspectors=refs.inspectors,
        tasks=refs.tasks,
        passed=payload.passed,
        unannounced=payload.unannounced,
        latitude=payload.latitude,
        longitude=payload.longitude,
        evidence=evidence,
    )
    return Status(201, selectors.site_check_get(user=request.user, pk=check.pk))


# Verifications of claims


@router.get(
    "/claims/{claim_id}/verifications",
    response=list[VerificationOut],
    tags=["verifications"],
)
@paginate(Pagination)
def list_verifications(request: HttpRequest, claim_id: PathId):
    """Every verification of one claimed figure, newest first."""
    return selectors.verification_list(user=request.user, claim_id=claim_id)


@router.post(
    "/claims/{claim_id}/verifications",
    response={201: VerificationOut},
    tags=["verifications"],
)
def verify_claim(request: HttpRequest, claim_id: PathId, payload: VerificationIn):
    """Record a checked value for a claim. The checker may not belong to the task's lead unit
    (400 with `fields.checker`): a unit may not verify its own figures."""
    claim = selectors.claim_get(user=request.user, pk=claim_id)
    site_check = (
        selectors.site_check_for_claim(user=request.user, claim=claim, pk=payload.site_check)
        if payload.site_check is not None
        else None
    )
    verification = services.verification_record(
        actor=request.user,
        claim_id=claim.pk,
        verified_value=payload.verified_value,
        method=payload.method,
        checker=selectors.checker_get(user=request.user, pk=payload.checker),
        verified_on=payload.verified_on,
        site_check=site_check,
        note=payload.note,
    )
    return Status(201, verification)


# Signals


@router.get("/signals", response=list[SignalOut], tags=["signals"])
@paginate(Pagination)
def list_signals(
    request: HttpRequest,
    kind: SignalKind | None = None,
    status: SignalStatus | None = None,
    region: RegionCode = None,
    unit: QueryId = None,
    task: QueryId = None,
):
    """Signals the caller sees, newest first; `region` takes a code and includes the regions
    below it."""
    filters = selectors.SignalFilter(kind=kind, status=status, region=region, unit=unit, task=task)
    return selectors.signal_list(user=request.user, filters=filters)


@router.get(
    "/signals/{signal_id}",
    response=SignalDetailOut,
    tags=["signals"],
)
def get_signal(request: HttpRequest, signal_id: PathId):
    """`{"signal", "evidence"}`: the signal, and its evidence resolved — claims with their
    verifications, reports, files, site checks and tasks the caller may see (`hidden` counts
    the rest)."""
    signal = selectors.signal_get(user=request.user, pk=signal_id)
    return {
        "signal": signal,
        "evidence": selectors.signal_evidence(user=request.user, signal=signal),
    }


@router.post(
    "/signals/{signal_id}/decision",
    response=SignalOut,
    tags=["signals"],
)
def decide_signal(request: HttpRequest, signal_id: PathId, payload: DecisionIn):
    """Confirm (`confirm: true`) or dismiss an open signal, with a reason. Reviewers and
    supervisors of the region only (403); 409 when it was already decided."""
    services.signal_decide(
        actor=request.user, signal_id=signal_id, confirm=payload.confirm, reason=payload.reason
    )
    return selectors.signal_get(user=request.user, pk=signal_id)


@router.post(
    "/signals/{signal_id}/referral",
    response=SignalOut,
    tags=["signals"],
)
def refer_signal(request: HttpRequest, signal_id: PathId, payload: ReferralIn):
    """Refer a confirmed signal to the discipline commission; 409 unless confirmed and not
    yet referred."""
    services.signal_refer(actor=request.user, signal_id=signal_id, note=payload.note)
    return selectors.signal_get(user=request.user, pk=signal_id)


# A unit's data quality


@router.get(
    "/units/{unit_id}/data-quality",
    response=DataQualityOut,
    tags=["signals"],
)
def get_data_quality(request: HttpRequest, unit_id: PathId):
    """Share of the unit's claims verified, their deviation distribution, signals by kind
    and status."""
    return selectors.unit_data_quality(user=request.user, unit_id=unit_id)
