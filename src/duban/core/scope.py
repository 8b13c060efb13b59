"""A user's scope, computed once per request from their memberships (DESIGN §2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from duban.core.choices import Role
from duban.core.models import Membership

ROLE_RANK = {Role.VIEWER: 0, Role.REPORTER: 1, Role.REVIEWER: 2, Role.SUPERVISOR: 3, Role.ADMIN: 4}


@dataclass(frozen=True)
class Grant:
    """One membership, reduced to what scope and permission checks need."""

    organization_id: int
    role: Role
    org_path: str
    region_prefix: str | None  # set for coordinating organizations only
    nationwide: bool  # a coordinating organization without a region


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    superuser: bool = False
    grants: tuple[Grant, ...] = field(default_factory=tuple)

    @property
    def org_paths(self) -> set[str]:
        return {grant.org_path for grant in self.grants}

    @property
    def region_prefixes(self) -> set[str]:
        return {grant.region_prefix for grant in self.grants if grant.region_prefix}

    def organization_q(self, prefix: str = "") -> Q:
        """Q over Organization (or a relation to it, via prefix) for what this scope covers."""
        if self.everything:
            return Q()
        condition = Q(pk__in=[])
        for path in self.org_paths:
            condition |= Q(**{f"{prefix}path__startswith": path})
        for region in self.region_prefixes:
            condition |= Q(**{f"{prefix}region__code__startswith": region})
        return condition

    def covers_region(self, code: str | None) -> bool:
        if self.everything:
            return True
        return code is not None and any(code.startswith(p) for p in self.region_prefixes)

    def role_for(self, organization: Any) -> Role | None:
        """The highest role the user holds over this organization, if any."""
        best: Role | None = None
        for grant in self.grants:
            region_code = organization.region_id
            over = (
                organization.path.startswith(grant.org_path)
                or grant.nationwide
                or (
                    grant.region_prefix is not None
                    and region_code is not None
                    and region_code.startswith(grant.region_prefix)
                )
            )
            if over and (best is None or ROLE_RANK[grant.role] > ROLE_RANK[best]):
                best = grant.role
        return best

    def member_roles(self, organization: Any) -> set[Role]:
        """Roles held in this organization or one above it in the organization tree."""
        return {g.role for g in self.grants if organization.path.startswith(g.org_path)}

    def oversight_roles(self, region_code: str | None) -> set[Role]:
        """Roles held in coordinating organizations whose region covers this region."""
        roles = {
            g.role
            for g in self.grants
            if g.nationwide
            or (g.region_prefix and region_code and region_code.startswith(g.region_prefix))
        }
        return roles | ({Role.ADMIN} if self.superuser else set())

    def region_q(self, field: str) -> Q:
        """Q over a region foreign key (field name) for the regions this scope covers."""
        if self.everything:
            return Q()
        condition = Q(pk__in=[])
        for region in self.region_prefixes:
            condition |= Q(**{f"{field}__startswith": region})
        return condition

    def path_q(self, field: str) -> Q:
        """Q over an organization relation's path for the organization subtrees covered."""
        condition = Q(pk__in=[])
        for path in self.org_paths:
            condition |= Q(**{f"{field}__path__startswith": path})
        return condition


def _grant(membership: Membership) -> Grant:
    org = membership.organization
    # A stationed group works over the department it is stationed in.
    path = org.stationed_in.path if org.stationed_in_id and org.stationed_in else org.path
    region_prefix = org.region.prefix if org.is_coordinating and org.region else None
    return Grant(
        organization_id=org.pk,
        role=Role(membership.role),
        org_path=path,
        region_prefix=region_prefix,
        nationwide=org.is_coordinating and org.region_id is None,
    )


def scope_of(user: Any) -> Scope:
    """Compute (and cache on the user object) what this user may see."""
    cached = getattr(user, "_duban_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope()
    else:
        memberships = Membership.objects.filter(user=user).select_related(
            "organization__region", "organization__stationed_in"
        )
        grants = tuple(_grant(membership) for membership in memberships)
        scope = Scope(
            everything=user.is_superuser or any(grant.nationwide for grant in grants),
            superuser=user.is_superuser,
            grants=grants,
        )
    user._duban_scope = scope
    return scope
