"""Permission helpers every supervision service (and accountability) uses."""

from __future__ import annotations

from typing import Any

from duban.core.choices import Role
from duban.core.models import Organization
from duban.core.scope import scope_of
from duban.errors import NotPermitted


def require_member(
    actor: Any, organization: Organization, roles: frozenset[Role], action: str
) -> None:
    """Raise NotPermitted unless the actor holds one of `roles` in the organization."""
    require(scope_of(actor).holds(roles, organization), action, organization)


def require(allowed: bool, action: str, organization: Organization) -> None:
    """Raise NotPermitted naming the action and the organization unless `allowed`."""
    if not allowed:
        raise NotPermitted(f"you may not {action} for {organization.name}")
