"""The complaint API's intake operations (mounted by `complaints.api`): the list and one
complaint as the caller sees them, staff entry, and 转办. No answer holds the complainant's
identity (schemas_intake); out of scope is 404, never 403."""

from typing import Any

from django.http import HttpRequest
from ninja import Status
from ninja.pagination import paginate

from duban.complaints import selectors
from duban.complaints.choices import Channel, ComplaintState, Truth
from duban.complaints.errors import NOT_A_RECEIVING_OFFICE, NOT_PERMITTED, UNKNOWN_CHOICE
from duban.complaints.identity import Identity
from duban.complaints.schemas_intake import (
    ComplaintDetailOut,
    ComplaintIn,
    ComplaintOut,
    TransferIn,
)
from duban.complaints.services import intake
from duban.complaints.services.intake import complaint_register
from duban.complaints.services.transfer import complaint_transfer
from duban.core import selectors as core_selectors
from duban.core.api_types import ApiRouter, Pagination, QueryId, RegionCode, SearchText, in_field
from duban.core.models import Organization
from duban.errors import ApplicationError, NotFound, NotPermitted
from duban.inspections.selectors import team_list

router = ApiRouter(tags=["complaints"])


@router.get("/complaints", response=list[ComplaintOut])
@paginate(Pagination)
def list_complaints(
    request: HttpRequest,
    state: ComplaintState | None = None,
    region: RegionCode = None,
    team: QueryId = None,
    batch: QueryId = None,
    channel: Channel | None = None,
    truth: Truth | None = None,
    overdue: selectors.OverdueClock | None = None,
    q: SearchText = "",
):
    """The complaints the caller sees, newest first; `overdue` names a clock that ran out."""
    filters = selectors.ComplaintFilter(
        state=state,
        region=region,
        team=team,
        batch=batch,
        channel=channel,
        truth=truth,
        overdue=overdue,
        query=q,
    )
    return selectors.complaint_list(user=request.user, filters=filters)


@router.get("/complaints/{int:complaint_id}", response=ComplaintDetailOut)
def get_complaint(request: HttpRequest, complaint_id: int):
    """One complaint with its clocks and what the caller may do with it now."""
    return selectors.complaint_get(user=request.user, pk=complaint_id)


def _office(user: Any, pk: int) -> Organization:
    """One of the caller's receiving offices: 403 with none at all, a field reason otherwise."""
    offices = selectors.receiving_offices(user=user)
    if not offices.exists():
        raise NotPermitted(NOT_PERMITTED(), code=NOT_PERMITTED.code)
    office = offices.filter(pk=pk).first()
    if office is None:
        reason = NOT_A_RECEIVING_OFFICE()
        raise ApplicationError(reason, code=reason.code, fields={"office": reason})
    return office


def _choices(user: Any, payload: ComplaintIn) -> dict[str, Any]:
    """The rows the payload names, or one 400 with a reason for each unknown one."""
    try:
        region = core_selectors.region_get(code=payload.region)
    except NotFound:
        region = None
    rows: dict[str, Any] = {
        "region": region,
        "team": team_list().filter(pk=payload.team).first() if payload.team else None,
        "accused_organization": (
            core_selectors.organization_list(user=user)
            .filter(pk=payload.accused_organization)
            .first()
            if payload.accused_organization
            else None
        ),
    }
    asked = {
        "region": True,
        "team": payload.team,
        "accused_organization": payload.accused_organization,
    }
    unknown = {name: UNKNOWN_CHOICE() for name, row in rows.items() if asked[name] and row is None}
    if unknown:
        raise ApplicationError(next(iter(unknown.values())), fields=unknown)
    return rows


@router.post("/complaints", response={201: ComplaintDetailOut})
def create_complaint(request: HttpRequest, payload: ComplaintIn):
    """Register one complaint received by `office` (a repeat is linked, not accepted anew);
    `identity` is sealed and never answered back."""
    user = request.user
    office = _office(user, payload.office)
    rows = _choices(user, payload)
    data = intake.ComplaintIn(
        number=payload.number,
        received_on=payload.received_on,
        channel=payload.channel,
        region=rows["region"],
        accused_name=payload.accused_name,
        content=payload.content,
        address=payload.address,
        pollution_types=payload.pollution_types,
        industry=payload.industry,
        priority=payload.priority,
        team=rows["team"],
        batch_number=payload.batch_number,
        handed_over_on=payload.handed_over_on,
        accused_organization=rows["accused_organization"],
        is_public=payload.is_public,
        identity=payload.identity.identity() if payload.identity else Identity(),
    )
    complaint = complaint_register(actor=user, office=office, data=data)
    return Status(201, selectors.complaint_get(user=user, pk=complaint.pk))


@router.post("/complaints/{int:complaint_id}/transfer", response=ComplaintDetailOut)
def transfer_complaint(request: HttpRequest, complaint_id: int, payload: TransferIn):
    """转办 to the unit with power to handle it; the clocks start today."""
    user = request.user
    selectors.complaint_get(user=user, pk=complaint_id)
    unit = in_field("unit", lambda: core_selectors.organization_get(user=user, pk=payload.unit))
    complaint_transfer(actor=user, pk=complaint_id, unit=unit, note=payload.note)
    return selectors.complaint_get(user=user, pk=complaint_id)
