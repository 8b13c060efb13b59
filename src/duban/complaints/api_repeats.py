"""The complaint API's repeats operations (mounted by `complaints.api`): the repeat clusters,
a complaint's links, and the link services (services/links.py)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Query, Status

from duban.complaints import repeats
from duban.complaints.errors import NOT_PERMITTED
from duban.complaints.permissions import may_dispatch
from duban.complaints.schemas_repeats import (
    ComplaintLinksOut,
    CreateProblemIn,
    JoinProblemIn,
    LinkRepeatIn,
    LinkTaskIn,
    ReasonIn,
    RepeatClusterOut,
)
from duban.complaints.selectors import complaint_get
from duban.complaints.services import links
from duban.core.api_types import ApiRouter, PathId, RegionCode
from duban.core.errors import UNKNOWN_OR_OUTSIDE_SCOPE
from duban.errors import NotFound, NotPermitted

router = ApiRouter(tags=["complaints"])

WindowDays = Annotated[int | None, Query(None, ge=1, le=3650, description="days back")]


@router.get("/complaints/repeats", response=list[RepeatClusterOut])
def list_repeat_clusters(
    request: HttpRequest,
    region: RegionCode = None,
    days: WindowDays = None,
    kind: Literal["linked", "firm", "address"] | None = None,
):
    """Clusters of two or more complaints the caller sees (linked to one first, or sharing a
    normalised firm or address) received in the last `days` (default: the repeat window),
    in `region` and below; largest first."""
    clusters = repeats.repeat_clusters(user=request.user, region=region, days=days, kind=kind)
    return [
        RepeatClusterOut(**{**cluster.__dict__, "first_id": cluster.first_pk})
        for cluster in clusters
    ]


def _dispatcher(request: HttpRequest, pk: int) -> None:
    """An unseen complaint is 404 and a caller who may not link is told so before what they
    named is looked up (the service asks again, under its lock)."""
    if not may_dispatch(request.user, complaint_get(user=request.user, pk=pk)):
        raise NotPermitted(NOT_PERMITTED(), code=NOT_PERMITTED.code)


def _links_out(request: HttpRequest, pk: int, signal: Any = None) -> ComplaintLinksOut:
    complaint = complaint_get(user=request.user, pk=pk)
    found = repeats.complaint_links(user=request.user, complaint=complaint)
    return ComplaintLinksOut(
        id=complaint.pk,
        number=complaint.number,
        state=complaint.state,
        repeat_of=found.first.number if found.first else None,
        repeats=[repeat.number for repeat in found.repeats],
        problem=found.problem.code if found.problem else None,
        tasks=[task.code for task in found.tasks],
        relapse_signal=signal.pk if signal is not None else None,
    )


@router.get("/complaints/{complaint_id}/links", response=ComplaintLinksOut)
def get_complaint_links(request: HttpRequest, complaint_id: PathId):
    """The complaint's first, repeats, problem and tasks, as far as the caller sees them."""
    return _links_out(request, complaint_id)


@router.post("/complaints/{complaint_id}/repeat-of", response=ComplaintLinksOut)
def link_repeat(request: HttpRequest, complaint_id: PathId, payload: LinkRepeatIn):
    """Link a registered complaint as a repeat of an open one (`of`: its id)."""
    links.complaint_link_repeat(
        actor=request.user, pk=complaint_id, of_pk=payload.of, reason=payload.reason
    )
    return _links_out(request, complaint_id)


@router.post("/complaints/{complaint_id}/unrepeat", response=ComplaintLinksOut)
def unlink_repeat(request: HttpRequest, complaint_id: PathId, payload: ReasonIn):
    """Take a linked complaint off its first: registered again."""
    links.complaint_unlink_repeat(actor=request.user, pk=complaint_id, reason=payload.reason)
    return _links_out(request, complaint_id)


@router.post("/complaints/{complaint_id}/problem", response=ComplaintLinksOut)
def join_problem(request: HttpRequest, complaint_id: PathId, payload: JoinProblemIn):
    """Join the complaint to a problem the caller sees (by its code)."""
    _dispatcher(request, complaint_id)
    problem = repeats.problem_by_code(user=request.user, code=payload.problem)
    if problem is None:
        unseen = UNKNOWN_OR_OUTSIDE_SCOPE(ids=payload.problem)
        raise NotFound(unseen, code="problem_not_found", fields={"problem": unseen})
    links.complaint_join_problem(actor=request.user, pk=complaint_id, problem=problem)
    return _links_out(request, complaint_id)


@router.post("/complaints/{complaint_id}/problem/new", response={201: ComplaintLinksOut})
def create_problem(request: HttpRequest, complaint_id: PathId, payload: CreateProblemIn):
    """Make a complaint found (basically, partly) true a problem of its region and join it."""
    links.complaint_create_problem(
        actor=request.user,
        pk=complaint_id,
        code=payload.code,
        title=payload.title,
        description=payload.description,
        categories=[str(category) for category in payload.categories],
    )
    return Status(201, _links_out(request, complaint_id))


@router.post("/complaints/{complaint_id}/tasks", response=ComplaintLinksOut)
def link_task(request: HttpRequest, complaint_id: PathId, payload: LinkTaskIn):
    """Link the complaint to a task it is about; a finished task raises the relapse signal
    (`relapse_signal`, once)."""
    _dispatcher(request, complaint_id)
    task = repeats.visible_task(user=request.user, pk=payload.task)
    signal = links.complaint_link_task(actor=request.user, pk=complaint_id, task=task)
    return _links_out(request, complaint_id, signal)


@router.post("/complaints/{complaint_id}/tasks/{task_id}/reopen", response=ComplaintLinksOut)
def reopen_task(request: HttpRequest, complaint_id: PathId, task_id: PathId, payload: ReasonIn):
    """Reopen a finished task the complaint is linked to (rectification's reopen)."""
    complaint = complaint_get(user=request.user, pk=complaint_id)
    task = repeats.linked_task(user=request.user, complaint=complaint, task_pk=task_id)
    if task is None:
        raise NotFound(UNKNOWN_OR_OUTSIDE_SCOPE(ids=task_id), code="task_not_found")
    links.complaint_reopen_task(
        actor=request.user, pk=complaint_id, task=task, reason=payload.reason
    )
    return _links_out(request, complaint_id)
