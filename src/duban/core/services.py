"""The only writers of core data; each use case records its ledger event."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from duban.core.choices import OrganizationKind, Role
from duban.core.errors import UNKNOWN_VALUE
from duban.core.events import (
    membership_granted_event,
    organization_created_event,
    person_created_event,
    token_created_event,
    user_created_event,
)
from duban.core.models import ApiToken, Membership, Organization, Person, Region
from duban.core.scope import scope_of
from duban.errors import ApplicationError, NotPermitted

TOKEN_PREFIX_LENGTH = 8


def _require_admin_over(actor: Any, organization: Organization | None) -> None:
    """SYSTEM and superusers pass; otherwise an admin role over the org (TypeError: None)."""
    scope = scope_of(actor)
    if scope.superuser:
        return
    if organization is None or scope.role_for(organization) != Role.ADMIN:
        raise NotPermitted("only an administrator of this organization may do this")


def organization_create(
    *,
    actor: Any,
    name: str,
    kind: OrganizationKind | str,
    region: Region | None = None,
    parent: Organization | None = None,
    stationed_in: Organization | None = None,
) -> Organization:
    """Create an organization under a parent; raises NotPermitted or ApplicationError."""
    _require_admin_over(actor, parent)
    if kind not in OrganizationKind.values:
        raise ApplicationError(
            "unknown organization kind", fields={"kind": UNKNOWN_VALUE(value=kind)}
        )
    if parent and Organization.objects.filter(parent=parent, name=name).exists():
        raise ApplicationError(
            "name already used", fields={"name": "already used under this parent"}
        )
    with transaction.atomic():
        organization = Organization.objects.create(
            name=name, kind=kind, region=region, parent=parent, stationed_in=stationed_in, path=""
        )
        organization.path = f"{parent.path if parent else ''}{organization.pk:06d}/"
        organization.save(update_fields=["path"])
        organization_created_event(actor=actor, organization=organization)
    return organization


def person_create(
    *, actor: Any, name: str, organization: Organization, post: str = "", user: Any = None
) -> Person:
    """Register a person in an organization; raises NotPermitted outside the actor's scope."""
    _require_admin_over(actor, organization)
    with transaction.atomic():
        person = Person.objects.create(name=name, post=post, organization=organization, user=user)
        person_created_event(actor=actor, person=person)
    return person


def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    is_superuser: bool = False,
) -> Any:
    """Create a login (argon2-hashed password); raises ApplicationError if the name is taken."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ApplicationError("username taken", fields={"username": "already exists"})
    with transaction.atomic():
        user = user_model.objects.create_user(
            username=username,
            password=password,
            email=email,
            first_name=full_name,
            is_staff=is_superuser,
            is_superuser=is_superuser,
        )
        user_created_event(actor=actor, user=user, username=username)
    return user


def membership_grant(
    *, actor: Any, user: Any, organization: Organization, role: Role | str
) -> Membership:
    """Give a user a role in an organization (replacing an earlier role there)."""
    _require_admin_over(actor, organization)
    if role not in Role.values:
        raise ApplicationError("unknown role", fields={"role": UNKNOWN_VALUE(value=role)})
    with transaction.atomic():
        membership, _ = Membership.objects.update_or_create(
            user=user, organization=organization, defaults={"role": role}
        )
        membership_granted_event(actor=actor, user=user, organization=organization, role=role)
    return membership


def _hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, actor: Any, user: Any, name: str = "") -> tuple[ApiToken, str]:
    """Issue a token; returns the row and the plain secret, which is never stored."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=secret[:TOKEN_PREFIX_LENGTH], key_hash=_hash_token(secret)
        )
        token_created_event(actor=actor, token=token)
    return token, secret


def api_token_authenticate(*, secret: str) -> Any | None:
    """Return the active user a token belongs to, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_token(secret), is_active=True, user__is_active=True)
        .first()
    )
    return token.user if token else None
