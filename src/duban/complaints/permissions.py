"""Who may do what with a complaint — one place for services and pages alike (seeing is
`selectors.complaint_visible_to`; the identity is `may_read_identity`).

- Intake (register, import, transfer, join to a problem, record a 复查 request, call back):
  reviewers of the office that received it, or of a coordinating organization over its region.
- Handling (acknowledge, record the handling, reply, report to the team): the handling
  unit's staff. An extension is approved by the handling unit's reviewers (its head, Art. 34).
- A review (复查/复核) is decided by the reviewing organization's reviewers.
- The complainant's identity: a designated 信访 handler of the receiving office or of the
  handling unit — and never anyone the complaint is against, whatever they hold.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef

from duban.complaints.models import Complaint, ComplaintReview, HandlerDesignation
from duban.complaints.selectors import accused_exclusion
from duban.core.models import Membership
from duban.core.principal import SYSTEM
from duban.core.roles import ADMINS, REVIEWERS, WORKERS
from duban.core.scope import scope_of


def may_receive(actor: Any, office: Any) -> bool:
    """Register complaints as this office (staff entry, the daily list from a team)."""
    return scope_of(actor).holds(REVIEWERS, office)


def may_dispatch(actor: Any, complaint: Complaint) -> bool:
    """Transfer, refuse, link, join to a problem, call back, record a review request."""
    scope = scope_of(actor)
    return scope.holds(REVIEWERS, complaint.received_by) or scope.oversees(
        REVIEWERS, complaint.region_id
    )


def may_handle(actor: Any, complaint: Complaint) -> bool:
    """Acknowledge, record the handling, reply, report to the team."""
    unit = complaint.handling_unit
    return unit is not None and scope_of(actor).holds(WORKERS, unit)


def may_extend(actor: Any, complaint: Complaint) -> bool:
    """Approve the one extension: the head of the handling body (its reviewers) or above."""
    unit = complaint.handling_unit
    return unit is not None and scope_of(actor).holds(REVIEWERS, unit)


def may_decide_review(actor: Any, review: ComplaintReview) -> bool:
    return scope_of(actor).holds(REVIEWERS, review.reviewer)


def may_designate(actor: Any, organization: Any) -> bool:
    """Name (or revoke) an organization's 信访 handlers: its administrators."""
    return scope_of(actor).holds(ADMINS, organization)


def may_read_identity(actor: Any, complaint: Complaint) -> bool:
    """A designated handler of the receiving office or handling unit, not complained about.
    SYSTEM never reads identities: no job needs one, and a read must name a person."""
    if actor is SYSTEM or not getattr(actor, "is_authenticated", False):
        return False
    if Complaint.objects.filter(accused_exclusion(actor), pk=complaint.pk).exists():
        return False
    offices = [complaint.received_by_id]
    if complaint.handling_unit_id:
        offices.append(complaint.handling_unit_id)
    # A designation counts while its holder is still a member there: one who left the office
    # keeps no access through a designation nobody revoked.
    member = Membership.objects.filter(user=actor, organization=OuterRef("organization"))
    return HandlerDesignation.objects.filter(
        Exists(member), user=actor, organization_id__in=offices, user__is_active=True
    ).exists()
