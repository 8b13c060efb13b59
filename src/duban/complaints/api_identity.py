"""The complaint API's identity operations (mounted by `complaints.api`).

The complainant's identity is answered by POST only — never cached, never prefetched — and
each answer is a recorded read (services.identity.identity_read). The 信访 handlers who may
read identities are named and revoked by their organization's administrators.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Status

from duban.complaints import selectors
from duban.complaints.models import HandlerDesignation
from duban.complaints.schemas_identity import HandlerIn, HandlerOut, IdentityOut
from duban.complaints.services import identity as services
from duban.core.api_types import ApiRouter, in_field
from duban.core.errors import UNKNOWN_OR_OUTSIDE_SCOPE
from duban.core.selectors import organization_visible_to, user_visible_to
from duban.errors import NotFound

router = ApiRouter(tags=["complaints"])


@router.post("/complaints/{int:complaint_id}/identity", response=IdentityOut)
def read_identity(request: HttpRequest, response: HttpResponse, complaint_id: int):
    """The complainant's identity, for a designated 信访 handler of the receiving office or the
    handling unit who is not complained about (403 otherwise, 404 out of scope). Each call is
    recorded in the ledger (`complaint.identity_read`); the answer is never stored by caches."""
    response["Cache-Control"] = "no-store, private"
    identity = services.identity_read(actor=request.user, pk=complaint_id)
    return {"anonymous": identity.is_empty, **vars(identity)}


def _handler_out(designation: HandlerDesignation) -> dict[str, Any]:
    user = designation.user
    return {
        "id": designation.pk,
        "organization": designation.organization,
        "user": {"id": user.pk, "username": user.get_username(), "name": user.get_full_name()},
        "designated_at": designation.designated_at,
    }


@router.get("/complaints/handlers", response=list[HandlerOut])
def list_handlers(request: HttpRequest):
    """The 信访 handlers of the organizations the caller administers (empty for others)."""
    return [_handler_out(d) for d in selectors.handler_designations_of(request.user)]


@router.post("/complaints/handlers", response={201: HandlerOut})
def designate_handler(request: HttpRequest, payload: HandlerIn):
    """Name a member of an organization the caller administers one of its 信访 handlers."""
    actor = request.user
    organization = in_field("organization", lambda: _organization(actor, payload.organization))
    user = in_field("user", lambda: _user(actor, payload.user))
    designation = services.handler_designate(actor=actor, organization=organization, user=user)
    designation = selectors.handler_designations_of(actor).get(pk=designation.pk)
    return Status(201, _handler_out(designation))


@router.post("/complaints/handlers/{int:designation_id}/revocation", response={204: None})
def revoke_handler(request: HttpRequest, designation_id: int):
    """End a designation (404 for one of an organization the caller does not see, 403 for
    one the caller does not administer)."""
    designation = selectors.handler_designation_get(user=request.user, pk=designation_id)
    services.handler_revoke(
        actor=request.user, organization=designation.organization, user=designation.user
    )
    return Status(204, None)


def _organization(actor: Any, pk: int) -> Any:
    organization = organization_visible_to(actor).filter(pk=pk).first()
    if organization is None:
        raise NotFound(UNKNOWN_OR_OUTSIDE_SCOPE(ids=pk))
    return organization


def _user(actor: Any, pk: int) -> Any:
    user = user_visible_to(actor).filter(pk=pk, is_active=True).first()
    if user is None:
        raise NotFound(UNKNOWN_OR_OUTSIDE_SCOPE(ids=pk))
    return user
