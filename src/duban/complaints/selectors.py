"""Who sees which complaints; the reads behind the pages, the API and the exports.

A complaint is seen by the office that received it, the unit handling it and the
coordinating organizations over its region — never by the organization complained about or
anyone in it, nor by the people complained about (信访工作条例 Art. 30), whatever else they
hold. The complainant's identity is not here at all: `services.identity` reads it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from duban.complaints.models import Complaint, HandlerDesignation
from duban.core.errors import UNKNOWN_OR_OUTSIDE_SCOPE
from duban.core.models import Organization
from duban.core.principal import SYSTEM
from duban.core.roles import ADMINS
from duban.core.scope import scope_of
from duban.errors import NotFound


def accused_exclusion(user: Any) -> Q:
    """Q over Complaint for the complaints against the user: against an organization the
    user is a member of (or one above it — a member of a unit's section is of the unit), or
    naming the user's person. Empty for SYSTEM."""
    if user is SYSTEM or not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    mine = Organization.objects.filter(pk__in=sorted(scope_of(user).organization_ids))
    paths = mine.values_list("path", flat=True)
    ancestors = {int(part) for path in paths for part in path.split("/") if part}
    return Q(accused_organization_id__in=sorted(ancestors)) | Q(accused_people__user=user)


def complaint_visible_to(user: Any) -> QuerySet[Complaint]:
    """The one scope rule for complaints (see the module's docstring)."""
    scope = scope_of(user)
    if user is SYSTEM or scope.superuser:
        return Complaint.objects.all()
    if scope.everything:
        visible = Complaint.objects.all()
    else:
        orgs = Organization.objects.filter(scope.organization_q()).values("pk")
        visible = Complaint.objects.filter(
            Q(received_by__in=orgs) | Q(handling_unit__in=orgs) | scope.region_q("region__code")
        )
    against = accused_exclusion(user)
    return visible.exclude(pk__in=Complaint.objects.filter(against).values("pk"))


def complaint_get(*, user: Any, pk: int) -> Complaint:
    """One complaint the user may see, or NotFound (out of scope is 404, never 403)."""
    complaint = (
        complaint_visible_to(user)
        .select_related("received_by", "handling_unit", "region", "team", "problem", "repeat_of")
        .filter(pk=pk)
        .first()
    )
    if complaint is None:
        raise NotFound(UNKNOWN_OR_OUTSIDE_SCOPE())
    return complaint


# The identity part: who may read complainants' identities (complaints.services.identity).


def handler_organizations(user: Any) -> QuerySet[Organization]:
    """The organizations whose 信访 handlers `user` names: those they administer and the ones
    below (permissions.may_designate, as one query)."""
    admins = scope_of(user).with_roles(ADMINS)
    if user is SYSTEM or admins.superuser:
        return Organization.objects.all()
    condition = Q(pk__in=sorted(admins.organization_ids))
    for path in admins.org_paths:
        condition |= Q(path__startswith=path)
    return Organization.objects.filter(condition)


def handler_designations_of(user: Any) -> QuerySet[HandlerDesignation]:
    """The designations `user` may see and change, by organization then username."""
    return (
        HandlerDesignation.objects.filter(organization__in=handler_organizations(user))
        .select_related("organization", "user", "designated_by")
        .order_by("organization__path", "user__username")
    )


def handler_designation_get(*, user: Any, pk: int) -> HandlerDesignation:
    """One designation of an organization `user` sees (NotFound otherwise; whether they may
    revoke it is `permissions.may_designate`)."""
    designation = (
        HandlerDesignation.objects.select_related("organization", "user")
        .filter(
            pk=pk, organization__in=Organization.objects.filter(scope_of(user).organization_q())
        )
        .first()
    )
    if designation is None:
        raise NotFound(UNKNOWN_OR_OUTSIDE_SCOPE(ids=pk))
    return designation
