"""Reads of site checks, verifications, signals and units' data quality, scoped by user."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from duban.core.models import Organization
from duban.core.scope import scope_of
from duban.errors import NotFound
from duban.rectification.models import Claim
from duban.rectification.selectors import task_visible_to
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
        signals = signals.filter(
            task__problem__region__code__startswith=filters.region.rstrip("0") or "x"
        )
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
