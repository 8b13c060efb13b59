"""Who sees which notices and investigations."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from duban.core.choices import OrganizationKind, Role
from duban.core.models import Organization
from duban.core.scope import scope_of
from duban.rectification.selectors import task_visible_to
from duban.supervision.models import DirectInvestigation, SupervisionNotice

COMMISSION_KINDS = (OrganizationKind.DISCIPLINE_COMMISSION, OrganizationKind.STATIONED_GROUP)


def notice_visible_to(user: Any) -> QuerySet[SupervisionNotice]:
    """Issuers and coordinating organizations over the tasks see notices; targets see theirs."""
    scope = scope_of(user)
    if scope.everything:
        return SupervisionNotice.objects.all()
    mine = Organization.objects.filter(scope.organization_q())
    return SupervisionNotice.objects.filter(
        Q(target__in=mine) | Q(issuer__in=mine) | Q(tasks__in=task_visible_to(user))
    ).distinct()


def supervisor_commissions(user: Any) -> QuerySet[Organization]:
    """Commissions (or stationed groups) in which the user holds a supervisor or admin role."""
    return Organization.objects.filter(
        memberships__user=user,
        memberships__role__in=[Role.SUPERVISOR, Role.ADMIN],
        kind__in=COMMISSION_KINDS,
    )


def investigation_visible_to(user: Any) -> QuerySet[DirectInvestigation]:
    """Only supervisors of commissions covering the problem's region (and superusers)."""
    scope = scope_of(user)
    if scope.superuser:
        return DirectInvestigation.objects.all()
    prefixes = [
        g.region_prefix
        for g in scope.grants
        if g.role in (Role.SUPERVISOR, Role.ADMIN) and g.region_prefix
    ]
    if any(g.nationwide and g.role in (Role.SUPERVISOR, Role.ADMIN) for g in scope.grants):
        return DirectInvestigation.objects.all()
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(problem__region__code__startswith=prefix)
    return DirectInvestigation.objects.filter(
        condition | Q(commission__in=supervisor_commissions(user))
    )
