"""The complainant's identity: the one read of it, the 信访 handlers who may read it, and the
re-sealing of every identity under the newest key (信访工作条例 Art. 30; 检举控告工作规则).

- `identity_read` is the only way anything shows an identity. Scope first (out of scope is
  404), then `permissions.may_read_identity`; every read — an anonymous complaint's too, which
  answers the empty Identity — is one `complaint.identity_read` event naming the reader and
  holding nothing of the identity. A refused read records nothing.
- `handler_designate` / `handler_revoke`: an organization's administrators name the members
  who may read identities for the complaints it receives or handles.
- `identity_rekey`: re-seal every identity not under the newest key, in batches that commit
  one by one (an interrupted run is resumed by running it again), then one event with the
  count and the key ids — never key material.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from duban.complaints.choices import Verb
from duban.complaints.errors import (
    HANDLER_ALREADY,
    HANDLER_NOT_DESIGNATED,
    HANDLER_NOT_MEMBER,
    IDENTITY_KEY_MISSING,
    NOT_PERMITTED,
)
from duban.complaints.events import complaint_event
from duban.complaints.identity import Identity, KeyMissing, keys, seal, unseal
from duban.complaints.models import ComplaintIdentity, HandlerDesignation
from duban.complaints.permissions import may_designate, may_read_identity
from duban.complaints.selectors import complaint_get
from duban.core import ledger
from duban.core.models import LedgerHead, Membership, Organization
from duban.core.principal import SYSTEM
from duban.errors import ApplicationError, Conflict, NotPermitted

REKEY_BATCH = 200


class IdentityUnavailable(ApplicationError):
    """The identity cannot be opened: its key is no longer configured (a deployment error,
    not the reader's: 503, and nothing is recorded)."""

    status = 503
    default_code = IDENTITY_KEY_MISSING.code


def identity_read(*, actor: Any, pk: int) -> Identity:
    """The complainant's identity of complaint `pk`, for a designated handler; the read is
    recorded. NotFound out of scope, NotPermitted without the designation (or against the
    reader), IdentityUnavailable when its key is gone."""
    complaint = complaint_get(user=actor, pk=pk)
    if not may_read_identity(actor, complaint):
        raise NotPermitted(NOT_PERMITTED(), code=NOT_PERMITTED.code)
    row = ComplaintIdentity.objects.filter(complaint=complaint).first()
    try:
        identity = unseal(row.key_id, row.token) if row is not None else Identity()
    except KeyMissing as error:
        raise IdentityUnavailable(IDENTITY_KEY_MISSING(key=str(error))) from error
    with transaction.atomic():
        # Only that it was read, by whom (the event's actor) and whether there was anything
        # to read: events are shown to everyone who sees the complaint.
        complaint_event(
            actor=actor,
            verb=Verb.IDENTITY_READ,
            complaint=complaint,
            data={"anonymous": identity.is_empty},
        )
    return identity


# Designation.


def _require_designator(actor: Any, organization: Organization) -> None:
    if not may_designate(actor, organization):
        raise NotPermitted(NOT_PERMITTED(), code=NOT_PERMITTED.code)


def _designation_event(*, actor: Any, verb: str, organization: Organization, user: Any) -> None:
    ledger.record(
        actor=actor,
        verb=verb,
        subject=organization,
        organization=organization,
        data={"user": user.pk, "username": user.get_username()},
    )


def handler_designate(*, actor: Any, organization: Organization, user: Any) -> HandlerDesignation:
    """Name `user`, a member of `organization`, one of its 信访 handlers (its admins only)."""
    _require_designator(actor, organization)
    names = {"user": user.get_username(), "organization": organization.name}
    if (
        not user.is_active
        or not Membership.objects.filter(user=user, organization=organization).exists()
    ):
        reason = HANDLER_NOT_MEMBER(**names)
        raise ApplicationError(reason, code=HANDLER_NOT_MEMBER.code, fields={"user": reason})
    with transaction.atomic():
        designation, created = HandlerDesignation.objects.select_for_update().get_or_create(
            organization=organization,
            user=user,
            defaults={"designated_by": None if actor is SYSTEM else actor},
        )
        if not created:
            reason = HANDLER_ALREADY(**names)
            raise Conflict(reason, code=HANDLER_ALREADY.code, fields={"user": reason})
        _designation_event(
            actor=actor, verb=Verb.HANDLER_DESIGNATED, organization=organization, user=user
        )
    return designation


def handler_revoke(*, actor: Any, organization: Organization, user: Any) -> None:
    """End `user`'s designation as a 信访 handler of `organization` (its admins only)."""
    _require_designator(actor, organization)
    with transaction.atomic():
        deleted, _ = HandlerDesignation.objects.filter(
            organization=organization, user=user
        ).delete()
        if not deleted:
            names = {"user": user.get_username(), "organization": organization.name}
            reason = HANDLER_NOT_DESIGNATED(**names)
            raise Conflict(reason, code=HANDLER_NOT_DESIGNATED.code, fields={"user": reason})
        _designation_event(
            actor=actor, verb=Verb.HANDLER_REVOKED, organization=organization, user=user
        )


# Key rotation.


def identity_rekey(*, actor: Any = SYSTEM, batch_size: int = REKEY_BATCH) -> int:
    """Re-seal every identity not under the newest key; how many were re-sealed. Refuses
    (KeyMissing, before changing anything) when some identity's key is not configured.
    The command line runs it as SYSTEM; of the users, only a superuser may."""
    if actor is not SYSTEM and not getattr(actor, "is_superuser", False):
        raise NotPermitted(NOT_PERMITTED(), code=NOT_PERMITTED.code)
    configured = [key_id for key_id, _ in keys()]
    newest = configured[0]
    stale = ComplaintIdentity.objects.exclude(key_id=newest)
    old_ids = sorted(set(stale.values_list("key_id", flat=True)))
    missing = [key_id for key_id in old_ids if key_id not in configured]
    if missing:
        raise KeyMissing(", ".join(missing))
    count = 0
    while True:
        with transaction.atomic():
            batch = list(
                ComplaintIdentity.objects.select_for_update()
                .exclude(key_id=newest)
                .order_by("pk")[:batch_size]
            )
            for row in batch:
                row.key_id, row.token = seal(unseal(row.key_id, row.token))
            ComplaintIdentity.objects.bulk_update(batch, ["key_id", "token"])
        count += len(batch)
        if len(batch) < batch_size:
            break
    if count:
        with transaction.atomic():
            ledger.record(
                actor=actor,
                verb=Verb.IDENTITY_REKEYED,
                subject=LedgerHead.objects.get(pk=1),
                data={"count": count, "from": old_ids, "to": newest},
            )
    return count
