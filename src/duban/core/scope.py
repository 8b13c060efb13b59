"""A user's scope, computed once per request from their memberships (DESIGN §2).

The vocabulary every "may this user…" is asked in (docs/scope.md): `holds(roles, org)`,
`oversees(roles, region)`, `holds_anywhere`, `oversees_anywhere`, `with_roles`. Role sets
come from `duban.core.roles`; no code outside this module walks `grants`.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from duban.core.choices import Role
from duban.core.models import Membership
from duban.core.principal import SYSTEM, require_principal
from duban.core.roles import ROLE_RANK

Roles = Set[Role]


@dataclass(frozen=True)
class Grant:
    """One membership, reduced to what scope and permission checks need."""

    organization_id: int
    organization_kind: str
    role: Role
    org_path: str
    region_prefix: str | None  # set for coordinating organizations only
    nationwide: bool  # a coordinating organization without a region

    @property
    def coordinating(self) -> bool:
        return self.nationwide or self.region_prefix is not None

    def within(self, organization: Any) -> bool:
        """Held in this organization or one above it. A stationed group's grant works over
        the department it is stationed in, yet its member still holds a role in the group."""
        return organization.pk == self.organization_id or organization.path.startswith(
            self.org_path
        )

    def over_region(self, region_code: str | None) -> bool:
        """Held in a coordinating organization whose region covers this one (or all)."""
        return self.nationwide or bool(
            self.region_prefix and region_code and region_code.startswith(self.region_prefix)
        )


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    superuser: bool = False
    grants: tuple[Grant, ...] = field(default_factory=tuple)

    @property
    def organization_ids(self) -> set[int]:
        """The organizations the memberships are held in."""
        return {grant.organization_id for grant in self.grants}

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
        # The organizations the memberships are held in, always: a stationed group's subtree
        # is the department's, yet its members see their own group (and their colleagues).
        condition = Q(**{f"{prefix}pk__in": sorted(self.organization_ids)})
        for path in self.org_paths:
            condition |= Q(**{f"{prefix}path__startswith": path})
        for region in self.region_prefixes:
            condition |= Q(**{f"{prefix}region__code__startswith": region})
        return condition

    def role_for(self, organization: Any) -> Role | None:
        """The highest role the user holds over this organization (down its subtree or
        over its region), if any — what creating people and organizations asks."""
        best: Role | None = None
        for grant in self.grants:
            over = organization.path.startswith(grant.org_path) or grant.over_region(
                organization.region_id
            )
            if over and (best is None or ROLE_RANK[grant.role] > ROLE_RANK[best]):
                best = grant.role
        return best

    def holds(self, roles: Roles, organization: Any) -> bool:
        """Holds one of `roles` in this organization or one above it (superuser: always)."""
        return self.superuser or any(
            grant.role in roles and grant.within(organization) for grant in self.grants
        )

    def oversees(self, roles: Roles, region_code: str | None) -> bool:
        """Holds one of `roles` in a coordinating organization over this region (superuser:
        always)."""
        return self.superuser or any(
            grant.role in roles and grant.over_region(region_code) for grant in self.grants
        )

    def holds_anywhere(self, roles: Roles) -> bool:
        """Holds one of `roles` in some organization (superuser: always)."""
        return self.superuser or any(grant.role in roles for grant in self.grants)

    def oversees_anywhere(self, roles: Roles) -> bool:
        """Holds one of `roles` in some coordinating organization (superuser: always)."""
        return self.superuser or any(
            grant.role in roles and grant.coordinating for grant in self.grants
        )

    def with_roles(self, roles: Roles, kinds: Set[str] | None = None) -> Scope:
        """This scope narrowed to the memberships holding one of `roles` (in organizations
        of these kinds, if given)."""
        grants = tuple(
            grant
            for grant in self.grants
            if grant.role in roles and (kinds is None or grant.organization_kind in kinds)
        )
        return Scope(
            everything=self.superuser or any(grant.nationwide for grant in grants),
            superuser=self.superuser,
            grants=grants,
        )

    def grant_within(self, organization: Any) -> Grant | None:
        """The first membership held in this organization or above it (the acting one)."""
        return next((grant for grant in self.grants if grant.within(organization)), None)

    def grant_over(self, region_code: str | None) -> Grant | None:
        """The first membership in a coordinating organization over this region."""
        return next((grant for grant in self.grants if grant.over_region(region_code)), None)

    def membership_q(self) -> Q:
        """Q over Organization for where this scope's roles are held (`holds` as a filter):
        the organizations of the memberships and everything below them."""
        if self.superuser:
            return Q()
        condition = Q(pk__in=sorted(self.organization_ids))
        for path in self.org_paths:
            condition |= Q(path__startswith=path)
        return condition

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
        organization_kind=org.kind,
        role=Role(membership.role),
        org_path=path,
        region_prefix=region_prefix,
        nationwide=org.is_coordinating and org.region_id is None,
    )


SYSTEM_SCOPE = Scope(everything=True, superuser=True)


def scope_of(user: Any) -> Scope:
    """Compute (and cache on the user object) what this user may see; SYSTEM sees all.

    Raises TypeError for None: a missing user is a bug, not a superuser.
    """
    require_principal(user)
    if user is SYSTEM:
        return SYSTEM_SCOPE
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
