"""Who may do what with notices and investigations — one place for services and pages alike.

Seeing is decided by the selectors (notice_visible_to, investigation_visible_to); acting is
decided here, from the roles the actor holds in the organization concerned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from duban.core.choices import OrganizationKind, Role
from duban.core.models import Organization
from duban.core.scope import scope_of
from duban.supervision.choices import InvestigationState, NoticeState

# Who issues notices: the rectification office, the discipline commission, its stationed group.
ISSUER_KINDS = frozenset(
    {
        OrganizationKind.RECTIFICATION_OFFICE,
        OrganizationKind.DISCIPLINE_COMMISSION,
        OrganizationKind.STATIONED_GROUP,
    }
)
COMMISSION_KINDS = frozenset(
    {OrganizationKind.DISCIPLINE_COMMISSION, OrganizationKind.STATIONED_GROUP}
)
ISSUER_ROLES = frozenset({Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN})
RESPONDER_ROLES = frozenset({Role.REPORTER, Role.REVIEWER, Role.ADMIN})
SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def roles_in(actor: Any, organization: Organization) -> set[Role]:
    """Roles held in the organization itself or in one above it in the organization tree.

    A direct membership always counts: a stationed group's grant carries the path of the
    department it is stationed in, which would otherwise hide the group's own membership.
    """
    scope = scope_of(actor)
    direct = {grant.role for grant in scope.grants if grant.organization_id == organization.pk}
    return scope.member_roles(organization) | direct


def holds_role(actor: Any, organization: Organization, roles: frozenset[Role]) -> bool:
    """True for the system (actor None), superusers and holders of one of `roles` there."""
    if actor is None:
        return True
    return scope_of(actor).superuser or bool(roles_in(actor, organization) & roles)


@dataclass(frozen=True)
class NoticeActions:
    """What the user may do with one notice now."""

    can_respond: bool
    can_close: bool

    @property
    def anything(self) -> bool:
        return self.can_respond or self.can_close


def notice_actions(*, actor: Any, notice: Any) -> NoticeActions:
    """The target answers an issued notice; the issuer closes an answered one."""
    return NoticeActions(
        can_respond=notice.state == NoticeState.ISSUED
        and holds_role(actor, notice.target, RESPONDER_ROLES),
        can_close=notice.state == NoticeState.RESPONDED
        and holds_role(actor, notice.issuer, ISSUER_ROLES),
    )


def can_investigate(*, actor: Any, investigation: Any) -> bool:
    """Supervisors of the investigating commission record findings and conclude."""
    return investigation.state == InvestigationState.OPEN and holds_role(
        actor, investigation.commission, SUPERVISOR_ROLES
    )
