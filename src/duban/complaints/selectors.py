"""Who sees which complaints; the reads behind the pages, the API and the exports.

A complaint is seen by the office that received it, the unit handling it and the
coordinating organizations over its region — never by the organization complained about or
anyone in it, nor by the people complained about (信访工作条例 Art. 30), whatever else they
hold. The complainant's identity is not here at all: `services.identity` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, get_args

from django.db.models import Q, QuerySet

from duban.complaints import rules
from duban.complaints.choices import OPEN_STATES, ComplaintState
from duban.complaints.models import Complaint, HandlerDesignation
from duban.core import clock
from duban.core.errors import UNKNOWN_OR_OUTSIDE_SCOPE
from duban.core.models import Organization
from duban.core.principal import SYSTEM
from duban.core.roles import ADMINS, REVIEWERS
from duban.core.scope import scope_of
from duban.errors import NotFound
from duban.inspections.models import InspectionTeam


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


# The list (pages and API) — added by the pages part.

OverdueClock = Literal["transfer", "acknowledge", "handle", "team_report", "any"]
OVERDUE_CLOCKS: tuple[str, ...] = get_args(OverdueClock)


@dataclass(frozen=True)
class ComplaintFilter:
    """What the complaint list narrows by; None or empty means "any"."""

    state: str | None = None
    region: str | None = None  # a region code or prefix (2–6 digits)
    team: int | None = None
    batch: int | None = None
    channel: str | None = None
    truth: str | None = None
    overdue: str | None = None  # one of OVERDUE_CLOCKS
    query: str = ""  # number, accused, address or content


def _overdue_q(clock_name: str, today: date) -> Q:
    """Complaints whose clock `clock_name` ran out before today and is still running."""
    clocks = {
        "transfer": Q(
            state=ComplaintState.REGISTERED,
            received_on__lt=today - timedelta(days=rules.TRANSFER_DAYS),
        ),
        "acknowledge": Q(acknowledged_on__isnull=True, acknowledge_due_on__lt=today),
        "handle": Q(
            concluded_on__isnull=True, state__in=sorted(OPEN_STATES), handle_due_on__lt=today
        ),
        "team_report": Q(team_reported_on__isnull=True, team_report_due_on__lt=today),
    }
    if clock_name == "any":
        combined = Q(pk__in=[])
        for condition in clocks.values():
            combined |= condition
        return combined
    return clocks[clock_name]


def _region_prefix(code: str) -> str:
    """430200 → 4302 (the city and its districts); 430211 stays itself."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def complaint_list(*, user: Any, filters: ComplaintFilter | None = None) -> QuerySet[Complaint]:
    """The complaints the user sees, narrowed by `filters`, newest first, with what a row shows
    loaded in the same query (no query per row)."""
    filters = filters or ComplaintFilter()
    rows = complaint_visible_to(user).select_related(
        "region", "handling_unit", "received_by", "team", "repeat_of"
    )
    exact = {
        "state": filters.state,
        "team_id": filters.team,
        "batch_number": filters.batch,
        "channel": filters.channel,
        "truth": filters.truth,
    }
    rows = rows.filter(**{name: value for name, value in exact.items() if value is not None})
    if filters.region:
        rows = rows.filter(region__code__startswith=_region_prefix(filters.region))
    if filters.overdue in OVERDUE_CLOCKS:
        rows = rows.filter(_overdue_q(filters.overdue, clock.today()))
    if filters.query:
        text = filters.query
        rows = rows.filter(
            Q(number__icontains=text)
            | Q(accused_name__contains=text)
            | Q(address__contains=text)
            | Q(content__contains=text)
        )
    return rows.order_by("-received_on", "-pk")


def complaint_teams(*, user: Any) -> QuerySet[InspectionTeam]:
    """The inspection teams that handed over complaints the user sees (the list's filter)."""
    return InspectionTeam.objects.filter(
        pk__in=complaint_visible_to(user).filter(team__isnull=False).values("team_id")
    ).order_by("name")


def receiving_offices(*, user: Any) -> QuerySet[Organization]:
    """The organizations the user may register complaints as (permissions.may_receive): those
    where the user holds a reviewer's role, by name."""
    reviewing = scope_of(user).with_roles(REVIEWERS)
    return (
        Organization.objects.filter(pk__in=sorted(reviewing.organization_ids))
        .select_related("region")
        .order_by("path")
    )


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
