"""API shapes of the identity part: the one answer holding a complainant's identity, and the
信访 handlers an administrator names."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from duban.core.api_types import Id
from duban.core.schemas import OrganizationRef


class IdentityOut(Schema):
    """The complainant, answered only to POST /api/complaints/{id}/identity (and recorded)."""

    anonymous: bool
    name: str
    phone: str
    address: str
    id_number: str
    email: str


class UserRef(Schema):
    id: int
    username: str
    name: str


class HandlerOut(Schema):
    id: int
    organization: OrganizationRef
    user: UserRef
    designated_at: datetime


class HandlerIn(Schema):
    organization: Id
    user: Id
