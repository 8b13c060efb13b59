"""Reads of site checks, verifications, signals and units' data quality, scoped by user."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from duban.core.choices import Role
from duban.core.errors import REQUIRED
from duban.core.models import Attachment, Organization, Person, Region
from duban.core.roles import OVERSIGHT
from duban.core.scope import scope_of
from duban.core.selectors import person_list, person_visible_to, region_q
from duban.errors import InvalidTransition, NotFound
from duban.rectification.models import Claim, CloseOut, ProgressReport, Task
from duban.rectification.selectors import task_visible_to
from duban.rectification.site_checks import SiteCheckRef
from duban.verification.choices import SignalStatus
from duban.verification.errors import SIGNAL_DECIDED, SIGNAL_NOT_CONFIRMED, SIGNAL_REFERRED
from duban.verification.models import Signal, SiteCheck, Verification

DEVIATION_BUCKETS = [
    (Decimal("0.10"), "≤10%"),
    (Decimal("0.50"), "10–50%"),
    (Decimal("1.00"), "50–100%"),
]


def site_check_visible_to(user: Any) -> QuerySet[SiteCheck]:
    scope = scope_of(user)
    if scope.everything:
        return SiteCheck.objects.all()
    return SiteCheck.objects.filter(
        Q(tasks__in=task_visible_to(user)) | scope.region_q("region__code")
    ).distinct()


def site_checks_of_task(task_id: int) -> list[SiteCheckRef]:
    """The site checks linked to a task, as an acceptance may rest on them (registered with
    rectification.site_checks; the acceptance rule decides, not the viewer's scope)."""
    checks = SiteCheck.objects.filter(tasks=task_id).select_related("organization")
    return [
        SiteCheckRef(c.pk, c.checked_on, c.place, c.organization.name, c.passed) for c in checks
    ]


def signal_visible_to(user: Any) -> QuerySet[Signal]:
    scope = scope_of(user)
    if scope.everything:
        return Signal.objects.all()
    return Signal.objects.filter(
        Q(task__in=task_visible_to(user))
        | Q(task__isnull=True, unit__in=Organization.objects.filter(scope.organization_q()))
    )


@dataclass
class SignalFilter:
    kind: str | None = None
    status: str | None = None
    region: str | None = None
    unit: int | None = None
    task: int | None = None


def signal_list(*, user: Any, filters: SignalFilter | None = None) -> QuerySet[Signal]:
    filters = filters or SignalFilter()
    signals = signal_visible_to(user).select_related("task__problem", "unit", "decided_by")
    if filters.kind:
        signals = signals.filter(kind=filters.kind)
    if filters.status:
        signals = signals.filter(status=filters.status)
    if filters.region:
        signals = signals.filter(region_q("task__problem__region__code", filters.region))
    if filters.unit:
        signals = signals.filter(unit_id=filters.unit)
    if filters.task:
        signals = signals.filter(task_id=filters.task)
    return signals


def signal_get(*, user: Any, pk: int) -> Signal:
    signal = signal_list(user=user).filter(pk=pk).first()
    if signal is None:
        raise NotFound("signal not found", code="signal_not_found")
    return signal


def verification_list(*, user: Any, claim_id: int) -> QuerySet[Verification]:
    claim = Claim.objects.filter(pk=claim_id, task__in=task_visible_to(user)).first()
    if claim is None:
        raise NotFound("claim not found", code="claim_not_found")
    return Verification.objects.filter(claim=claim).select_related("checker", "site_check")


@dataclass(frozen=True)
class DataQuality:
    unit: Organization
    claims: int
    verified: int
    deviation_buckets: list[tuple[str, int]]
    signals_by_kind: list[dict[str, Any]]

    @property
    def verified_share(self) -> float:
        return round(100 * self.verified / self.claims, 1) if self.claims else 0.0


def unit_data_quality(*, user: Any, unit_id: int) -> DataQuality:
    """How much of a unit's reported data was checked, how far off it was, what was flagged."""
    unit = Organization.objects.filter(scope_of(user).organization_q(), pk=unit_id).first()
    if unit is None:
        raise NotFound("unit not found", code="unit_not_found")
    claims = Claim.objects.filter(task__lead_unit=unit)
    verifications = Verification.objects.filter(
        claim__task__lead_unit=unit, deviation__isnull=False
    )
    deviations = [
        abs(d) for d in verifications.values_list("deviation", flat=True) if d is not None
    ]
    buckets, lower = [], Decimal("-1")
    for upper, label in DEVIATION_BUCKETS:
        buckets.append((label, sum(1 for d in deviations if lower < d <= upper)))
        lower = upper
    buckets.append((">100%", sum(1 for d in deviations if d > lower)))
    signals: list[dict[str, Any]] = [
        dict(row)
        for row in signal_visible_to(user)
        .filter(unit=unit)
        .values("kind", "status")
        .annotate(count=Count("pk"))
        .order_by("kind", "status")
    ]
    return DataQuality(
        unit=unit,
        claims=claims.count(),
        verified=claims.filter(verifications__isnull=False).distinct().count(),
        deviation_buckets=buckets,
        signals_by_kind=signals,
    )


# Reads for the pages and the API (signals, evidence, site checks, verification forms).


def signal_region(signal: Signal) -> str | None:
    """The region a signal belongs to: its task's problem region, else its unit's region."""
    if signal.task is not None:
        return signal.task.problem.region_id
    return signal.unit.region_id if signal.unit is not None else None


def oversees(*, user: Any, region: str | None, unit: Organization | None = None) -> bool:
    """The one rule for who may check figures and decide signals: an oversight role in a
    coordinating organization over the region, or a stationed discipline group's supervisor
    over the department (`unit`) it is stationed in. Services and pages both ask here."""
    scope = scope_of(user)
    if scope.oversees(OVERSIGHT, region):
        return True
    return unit is not None and scope.holds({Role.SUPERVISOR}, unit)


def decision_refusal(signal: Signal) -> InvalidTransition | None:
    """Only an open signal is confirmed or dismissed (signal_decide raises this)."""
    if signal.status != SignalStatus.OPEN:
        return InvalidTransition(SIGNAL_DECIDED(status=signal.get_status_display()))
    return None


def referral_refusal(signal: Signal) -> InvalidTransition | None:
    """Only a confirmed signal is referred, and once (signal_refer raises this)."""
    if signal.status != SignalStatus.CONFIRMED:
        return InvalidTransition(SIGNAL_NOT_CONFIRMED())
    if signal.referred:
        return InvalidTransition(SIGNAL_REFERRED())
    return None


def oversees_anywhere(*, user: Any) -> bool:
    """The user holds an oversight role in some coordinating organization."""
    return scope_of(user).oversees_anywhere(OVERSIGHT)


def signal_unit_choices(*, user: Any) -> QuerySet[Organization]:
    """Units named by the signals the user sees (the unit filter)."""
    units = signal_visible_to(user).order_by().values("unit_id")
    return Organization.objects.filter(pk__in=units).order_by("path")


def signal_region_choices(*, user: Any) -> QuerySet[Region]:
    """Regions of the signals the user sees, with their cities and provinces (the region
    filter); GB/T 2260 codes name their ancestors by prefix."""
    codes = set(
        signal_visible_to(user)
        .order_by()
        .exclude(task__isnull=True)
        .values_list("task__problem__region", flat=True)
        .distinct()
    )
    wanted = codes | {c[:2] + "0000" for c in codes} | {c[:4] + "00" for c in codes}
    return Region.objects.filter(code__in=wanted).order_by("code")


EVIDENCE_KEYS = ("claims", "verifications", "reports", "attachments", "site_checks", "tasks")


@dataclass(frozen=True)
class SignalEvidence:
    """A signal's evidence as objects the user may see; `hidden` counts the others."""

    claims: list[Claim]
    reports: list[ProgressReport]
    attachments: list[Attachment]
    site_checks: list[SiteCheck]
    tasks: list[Task]
    hidden: int


def _evidence_ids(evidence: Any, key: str) -> list[int]:
    values = evidence.get(key, []) if isinstance(evidence, dict) else []
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def attachment_visible_q(user: Any) -> Q:
    """Files filed with a report or close-out of a visible task, or with a visible site check."""
    tasks = task_visible_to(user)
    checks = SiteCheck.objects.filter(
        pk__in=site_check_visible_to(user).values("pk"), evidence=OuterRef("pk")
    )
    return (
        Q(Exists(ProgressReport.objects.filter(task__in=tasks, attachments=OuterRef("pk"))))
        | Q(Exists(CloseOut.objects.filter(task__in=tasks, evidence=OuterRef("pk"))))
        | Q(Exists(checks))
    )


def signal_evidence(*, user: Any, signal: Signal) -> SignalEvidence:
    """Resolve a signal's evidence ids: claims (with their verifications), reports, files,
    site checks and tasks — only what the user may see."""
    evidence = signal.evidence
    tasks = task_visible_to(user)
    wanted = {key: _evidence_ids(evidence, key) for key in EVIDENCE_KEYS}
    checked = Verification.objects.filter(pk__in=wanted["verifications"]).values("claim_id")
    claims = list(
        Claim.objects.filter(task__in=tasks)
        .filter(Q(pk__in=wanted["claims"]) | Q(pk__in=checked))
        .select_related("report", "task__problem")
        .prefetch_related(
            Prefetch(
                "verifications",
                Verification.objects.select_related("checker__organization", "site_check"),
            )
        )
        .order_by("task_id", "metric", "version")
    )
    reports = list(
        ProgressReport.objects.filter(task__in=tasks, pk__in=wanted["reports"])
        .select_related("task__problem")
        .order_by("period_start", "version")
    )
    attachments = list(
        Attachment.objects.filter(attachment_visible_q(user), pk__in=wanted["attachments"])
    )
    site_checks = list(site_check_list(user=user).filter(pk__in=wanted["site_checks"]))
    linked = list(tasks.filter(pk__in=wanted["tasks"]).select_related("problem"))
    shown = len({c.pk for c in claims} & set(wanted["claims"])) + len(reports) + len(attachments)
    shown += len(site_checks) + len(linked)
    asked = sum(len(set(wanted[key])) for key in EVIDENCE_KEYS if key != "verifications")
    return SignalEvidence(claims, reports, attachments, site_checks, linked, max(asked - shown, 0))


def site_check_list(*, user: Any, task: int | None = None) -> QuerySet[SiteCheck]:
    """Visible site checks with what lists show; linked tasks narrowed to visible ones."""
    checks = (
        SiteCheck.objects.filter(pk__in=site_check_visible_to(user).values("pk"))
        .select_related("organization", "region")
        .prefetch_related(
            # inspectors are shown with the organization they act for: one query, not one per row
            Prefetch("inspectors", Person.objects.select_related("organization")),
            "evidence",
            Prefetch("tasks", task_visible_to(user).select_related("problem").order_by("pk")),
        )
    )
    if task is not None:
        checks = checks.filter(tasks=task)
    return checks


def site_check_get(*, user: Any, pk: int) -> SiteCheck:
    check = site_check_list(user=user).filter(pk=pk).first()
    if check is None:
        raise NotFound("site check not found", code="site_check_not_found")
    return check


def site_check_organizations(*, user: Any) -> QuerySet[Organization]:
    """Organizations a user may record a site check for: their own (any, for a superuser)."""
    if scope_of(user).superuser:
        return Organization.objects.order_by("path")
    return Organization.objects.filter(memberships__user=user).distinct().order_by("path")


def claim_get(*, user: Any, pk: int) -> Claim:
    """A claim of a visible task, with its task, problem and lead unit."""
    claim = (
        Claim.objects.filter(task__in=task_visible_to(user), pk=pk)
        .select_related("task__problem__region", "task__lead_unit", "report")
        .first()
    )
    if claim is None:
        raise NotFound("claim not found", code="claim_not_found")
    return claim


def _one_in_field(queryset: QuerySet[Any], pk: int, field: str) -> Any:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NotFound(
            f"{field} not found", code="not_found", fields={field: f"unknown or not visible: {pk}"}
        )
    return found


def _all_in_field(queryset: QuerySet[Any], ids: list[int], field: str) -> list[Any]:
    wanted = list(dict.fromkeys(ids))
    found = queryset.in_bulk(wanted)
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise NotFound(
            f"{field} not found",
            code="not_found",
            fields={field: f"unknown or not visible: {', '.join(missing)}"},
        )
    return [found[pk] for pk in wanted]


@dataclass(frozen=True)
class SiteCheckReferences:
    organization: Organization
    region: Region
    inspectors: list[Person]
    tasks: list[Task]


def site_check_references(
    *, user: Any, organization: int, region: str | None, inspectors: list[int], tasks: list[int]
) -> SiteCheckReferences:
    """Resolve a site check's ids for the API; NotFound names the field. Without a region,
    the first task's region is used."""
    found_tasks = _all_in_field(task_visible_to(user).select_related("problem"), tasks, "tasks")
    found_region: Region | None
    if region:
        found_region = Region.objects.filter(code=region).first()
        if found_region is None:
            raise NotFound("region not found", code="not_found", fields={"region": region})
    elif found_tasks:
        found_region = found_tasks[0].problem.region
    else:
        raise NotFound("region not found", code="not_found", fields={"region": REQUIRED()})
    return SiteCheckReferences(
        organization=_one_in_field(
            site_check_organizations(user=user), organization, "organization"
        ),
        region=found_region,
        inspectors=_all_in_field(person_visible_to(user), inspectors, "inspectors"),
        tasks=found_tasks,
    )


def checker_get(*, user: Any, pk: int) -> Person:
    """A person the user sees, named as the checker of a verification."""
    return _one_in_field(person_visible_to(user).select_related("organization"), pk, "checker")


def site_check_for_claim(*, user: Any, claim: Claim, pk: int) -> SiteCheck:
    """A visible site check of the claim's task (the one a verification was made on)."""
    return _one_in_field(site_check_list(user=user, task=claim.task_id), pk, "site_check")


def independent_people(*, user: Any, query: str, task_ids: list[int]) -> QuerySet[Person]:
    """People the user sees, but none of the lead units of these (visible) tasks: who may
    inspect or check those tasks (the services refuse a lead unit's own staff)."""
    people = person_list(user=user, query=query).order_by("organization__path", "name")
    paths = task_visible_to(user).filter(pk__in=task_ids).values_list("lead_unit__path", flat=True)
    for path in set(paths):
        people = people.exclude(organization__path__startswith=path)
    return people


def site_check_task_choices(*, user: Any) -> QuerySet[Task]:
    """Visible tasks a site check may be linked to, by problem code and number."""
    return (
        task_visible_to(user).select_related("problem__region").order_by("problem__code", "number")
    )


def attachment_links(user: Any) -> Q:
    """Evidence files of site checks the user sees (core attachment registry)."""
    return Q(
        Exists(
            SiteCheck.objects.filter(
                pk__in=site_check_visible_to(user).values("pk"), evidence=OuterRef("pk")
            )
        )
    )
