"""API shapes of the core domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    message: str
    code: str
    fields: dict[str, str]


# References to core rows inside other apps' answers.


class OrganizationRef(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    name: str
    post: str


class AttachmentOut(Schema):
    id: int
    sha256: str
    size: int
    content_type: str
    original_name: str
    uploaded_at: datetime


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None = None

    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        return obj.parent_id


class RegionDetailOut(RegionOut):
    path: list[RegionOut]
    children: list[RegionOut]


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str
    kind_display: str
    region: str | None
    region_name: str | None
    parent: int | None

    @staticmethod
    def resolve_kind_display(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_region(obj: Any) -> str | None:
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj: Any) -> str | None:
        return obj.region.name if obj.region_id else None

    @staticmethod
    def resolve_parent(obj: Any) -> int | None:
        return obj.parent_id


class PersonOut(Schema):
    id: int
    name: str
    post: str
    organization: int
    organization_name: str

    @staticmethod
    def resolve_organization(obj: Any) -> int:
        return obj.organization_id

    @staticmethod
    def resolve_organization_name(obj: Any) -> str:
        return obj.organization.name


class PersonIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=64)]
    post: Annotated[str, Field(max_length=128)] = ""
    organization: int


class MembershipOut(Schema):
    organization: OrganizationOut
    role: str


class MeOut(Schema):
    username: str
    full_name: str
    is_superuser: bool
    memberships: list[MembershipOut]


class EventOut(Schema):
    seq: int
    created_at: datetime
    actor: str | None
    organization: str | None
    verb: str
    subject_type: str
    subject_id: str
    data: dict[str, Any]
    reason: str
    prev_hash: str
    hash: str

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.get_username() if obj.actor_id else None

    @staticmethod
    def resolve_organization(obj: Any) -> str | None:
        return obj.organization.name if obj.organization_id else None
