"""Who sees accountability cases; overdue organizational handling; public results."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from duban.accountability.choices import ORGANIZATIONAL_HANDLING
from duban.accountability.models import AccountabilityCase, Sanction
from duban.core.choices import Role
from duban.core.scope import scope_of
from duban.supervision.selectors import supervisor_commissions

HANDLING_DEADLINE = timedelta(days=31)  # "within one month" of the decision


def case_visible_to(user: Any) -> QuerySet[AccountabilityCase]:
    """Only supervisors of the commission (or of a commission covering its problems' region)."""
    scope = scope_of(user)
    if scope.superuser:
        return AccountabilityCase.objects.all()
    condition = Q(commission__in=supervisor_commissions(user))
    for grant in scope.grants:
        if grant.role in (Role.SUPERVISOR, Role.ADMIN) and grant.nationwide:
            return AccountabilityCase.objects.all()
        if grant.role in (Role.SUPERVISOR, Role.ADMIN) and grant.region_prefix:
            condition |= Q(problems__region__code__startswith=grant.region_prefix)
    return AccountabilityCase.objects.filter(condition).distinct()


def handling_overdue(*, user: Any, today: date) -> QuerySet[Sanction]:
    """Organizational handling decided over a month ago and not yet carried out."""
    return Sanction.objects.filter(
        case__in=case_visible_to(user),
        measure__in=ORGANIZATIONAL_HANDLING,
        carried_out_on__isnull=True,
        decided_on__lt=today - HANDLING_DEADLINE,
    ).select_related("case", "finding__person")


def public_sanctions() -> QuerySet[Sanction]:
    """What the public portal may show: public-flagged sanctions only."""
    return Sanction.objects.filter(is_public=True).select_related(
        "case", "finding__person__organization", "finding__organization"
    )
