"""Core endpoints: regions, organizations, people, the current user, object timelines, and
evidence uploads (cited afterwards by any app's reports, close-outs, checks and findings)."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, Path, Query, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from duban.core import selectors, services
from duban.core.api_types import ApiRouter, Pagination, QueryId, SearchText
from duban.core.attachments import MAX_ATTACHMENT_BYTES, Upload, attachment_upload
from duban.core.choices import OrganizationKind, RegionLevel
from duban.core.schemas import (
    AttachmentOut,
    EventOut,
    MeOut,
    OrganizationOut,
    PersonIn,
    PersonOut,
    RegionDetailOut,
    RegionOut,
)

router = ApiRouter()
Code = Annotated[str, Path(max_length=12)]
SubjectType = Annotated[str, Path(max_length=64)]
SubjectId = Annotated[str, Path(max_length=64)]


@router.get("/regions", response=list[RegionOut], tags=["regions"])
@paginate(Pagination)
def list_regions(
    request: HttpRequest,
    q: SearchText,
    parent: Annotated[str | None, Query(max_length=12)] = None,
    level: RegionLevel | None = None,
):
    """Search regions by name or code prefix; `parent=` (empty) lists provinces."""
    return selectors.region_list(query=q, parent=parent, level=level)


@router.get("/regions/{code}", response=RegionDetailOut, tags=["regions"])
def get_region(request: HttpRequest, code: Code):
    """One region with its ancestors (path) and direct children: walk the tree from here."""
    region = selectors.region_get(code=code)
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "parent": region.parent_id,
        "path": selectors.region_ancestors(region=region),
        "children": list(region.children.all()),
    }


@router.get("/organizations", response=list[OrganizationOut], tags=["organizations"])
@paginate(Pagination)
def list_organizations(request: HttpRequest, q: SearchText, kind: OrganizationKind | None = None):
    return selectors.organization_list(user=request.user, query=q, kind=kind)


@router.get(
    "/organizations/{int:pk}",
    response=OrganizationOut,
    tags=["organizations"],
)
def get_organization(request: HttpRequest, pk: int):
    return selectors.organization_get(user=request.user, pk=pk)


@router.get("/people", response=list[PersonOut], tags=["people"])
@paginate(Pagination)
def list_people(request: HttpRequest, q: SearchText, organization: QueryId = None):
    return selectors.person_list(user=request.user, query=q, organization=organization)


@router.post(
    "/people",
    response={201: PersonOut},
    tags=["people"],
)
def create_person(request: HttpRequest, payload: PersonIn):
    """Register a person; needs the admin role over the organization."""
    organization = selectors.organization_get(user=request.user, pk=payload.organization)
    person = services.person_create(
        actor=request.user, name=payload.name, post=payload.post, organization=organization
    )
    return Status(201, person)


@router.get("/people/{int:pk}", response=PersonOut, tags=["people"])
def get_person(request: HttpRequest, pk: int):
    return selectors.person_get(user=request.user, pk=pk)


@router.get("/me", response=MeOut, tags=["me"])
def me(request: HttpRequest):
    user: Any = request.user
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "is_superuser": user.is_superuser,
        "memberships": list(selectors.membership_list(user=user)),
    }


@router.get(
    "/events/{subject_type}/{subject_id}",
    response=list[EventOut],
    tags=["events"],
)
def list_events(request: HttpRequest, subject_type: SubjectType, subject_id: SubjectId):
    """The ledger events of one object, oldest first, e.g. /api/events/core.organization/7."""
    return list(
        selectors.event_list_for(
            user=request.user, subject_type=subject_type, subject_id=subject_id
        )
    )


@router.post(
    "/attachments",
    response={201: AttachmentOut},
    tags=["attachments"],
)
def upload_attachment(request: HttpRequest, file: File[UploadedFile]):
    """Store an evidence file (JPEG, PNG, PDF, Office; at most 20 MB), judged by its bytes;
    images are re-encoded without embedded payloads. The same bytes from the same user return
    their earlier attachment; from another user, a new attachment of their own. Cite the
    returned id in reports and closure requests."""
    # Read one byte past the limit so the service can refuse an oversized file.
    content = file.read(MAX_ATTACHMENT_BYTES + 1)
    upload = Upload(name=file.name or "", content=content, declared_type=file.content_type)
    return Status(201, attachment_upload(actor=request.user, upload=upload))
