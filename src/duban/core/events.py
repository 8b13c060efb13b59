"""Core's ledger events: one helper per event, building its payload and recording it.

Recorded payloads never change shape (the ledger is append-only and hash-chained), so each
helper writes exactly the keys, in the order, the service wrote before it existed.
"""

from __future__ import annotations

from typing import Any

from duban.core import ledger
from duban.core.choices import Verb
from duban.core.models import ApiToken, Attachment, Event, Organization, Person

# Attachment verbs have no Verb member: their timeline label is the verb itself.
ATTACHMENT_STORED = "attachment.stored"
ATTACHMENT_UPLOADED = "attachment.uploaded"


def organization_stamp(organization: Organization) -> ledger.Stamp:
    """An organization's events are seen by its region and its subtree (path and region
    never change once created)."""
    return ledger.Stamp(region_code=organization.region_id or "", org_path=organization.path)


def person_stamp(person: Person) -> ledger.Stamp:
    """A person's events are seen as their organization's (a person never moves)."""
    return organization_stamp(person.organization)


def organization_created_event(*, actor: Any, organization: Organization) -> Event:
    """Record a new organization, under its parent."""
    return ledger.record(
        actor=actor,
        verb=Verb.ORGANIZATION_CREATED,
        subject=organization,
        organization=organization.parent,
        data={
            "name": organization.name,
            "kind": str(organization.kind),
            "region": organization.region.code if organization.region else None,
            "parent": organization.parent.pk if organization.parent else None,
            "stationed_in": organization.stationed_in.pk if organization.stationed_in else None,
        },
    )


def person_created_event(*, actor: Any, person: Person) -> Event:
    """Record a person registered in an organization."""
    return ledger.record(
        actor=actor,
        verb=Verb.PERSON_CREATED,
        subject=person,
        organization=person.organization,
        data={
            "name": person.name,
            "post": person.post,
            "organization": person.organization.pk,
            "user": person.user.pk if person.user else None,
        },
    )


def user_created_event(*, actor: Any, user: Any, username: str) -> Event:
    """Record a new login, under the username as given (the user model normalises it)."""
    return ledger.record(
        actor=actor,
        verb=Verb.USER_CREATED,
        subject=user,
        data={
            "username": username,
            "full_name": user.first_name,
            "is_superuser": user.is_superuser,
        },
    )


def membership_granted_event(
    *, actor: Any, user: Any, organization: Organization, role: str
) -> Event:
    """Record a role given to a user in an organization (the organization is the subject)."""
    return ledger.record(
        actor=actor,
        verb=Verb.MEMBERSHIP_GRANTED,
        subject=organization,
        organization=organization,
        data={"user": user.pk, "username": user.get_username(), "role": str(role)},
    )


def token_created_event(*, actor: Any, token: ApiToken) -> Event:
    """Record an API token issued to a user (never its secret)."""
    return ledger.record(
        actor=actor,
        verb=Verb.TOKEN_CREATED,
        subject=token.user,
        data={"token": token.pk, "prefix": token.prefix, "name": token.name},
    )


def token_revoked_event(*, actor: Any, token: ApiToken, cause: str) -> Event:
    """Record an API token revoked: on request, or because its user changed password or was
    deactivated (`TokenRevokeCause`)."""
    return ledger.record(
        actor=actor,
        verb=Verb.TOKEN_REVOKED,
        subject=token.user,
        data={"token": token.pk, "prefix": token.prefix, "cause": str(cause)},
    )


def password_changed_event(*, actor: Any, user: Any) -> Event:
    """Record that a user changed their own password (never the password)."""
    return ledger.record(
        actor=actor,
        verb=Verb.PASSWORD_CHANGED,
        subject=user,
        data={"user": user.pk, "username": user.get_username()},
    )


def password_reset_event(*, actor: Any, user: Any, generated: bool) -> Event:
    """Record an administrator setting another user's password: whether duban generated it
    or the administrator typed it — never the password itself."""
    return ledger.record(
        actor=actor,
        verb=Verb.PASSWORD_RESET,
        subject=user,
        data={"user": user.pk, "username": user.get_username(), "generated": generated},
    )


def attachment_stored_event(*, actor: Any, attachment: Attachment) -> Event:
    """Record a file stored for the first time."""
    return ledger.record(
        actor=actor,
        verb=ATTACHMENT_STORED,
        subject=attachment,
        data={
            "sha256": attachment.sha256,
            "size": attachment.size,
            "name": attachment.original_name,
            "content_type": attachment.content_type,
        },
    )


def attachment_uploaded_event(*, actor: Any, attachment: Attachment, name: str) -> Event:
    """Record that another user uploaded bytes already stored, under the name they gave."""
    return ledger.record(
        actor=actor,
        verb=ATTACHMENT_UPLOADED,
        subject=attachment,
        data={"sha256": attachment.sha256, "name": name[:255]},
    )
