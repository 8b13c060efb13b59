"""The complaint API's handling operations (mounted by `complaints.api`): acknowledge, not
accept, extend, record the handling, the written reply (and its .docx), the report to the
team, the call back, 复查/复核 and their decisions. Each parses, calls one service and
answers the handling as the caller now sees it (no complainant identity)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Status

from duban.complaints import reply
from duban.complaints.models import Complaint
from duban.complaints.schemas_handling import (
    AcknowledgeIn,
    ComplaintReviewDecisionIn,
    ComplaintReviewOut,
    ComplaintReviewRequestIn,
    ExtendIn,
    FollowUpIn,
    HandlingIn,
    HandlingOut,
    NotAcceptIn,
    ReplyIn,
    TeamReportIn,
)
from duban.complaints.selectors import complaint_get
from duban.complaints.services import handling, reviews
from duban.core.api_types import ApiRouter, file_download
from duban.core.web.downloads import download
from duban.errors import NotFound

router = ApiRouter(tags=["complaints"])
BASE = "/complaints/{int:complaint_id}"


def _answer(request: HttpRequest, complaint_id: int) -> Complaint:
    """The complaint as the caller sees it now, with the actions it may take."""
    complaint = complaint_get(user=request.user, pk=complaint_id)
    actions = handling.handling_actions(request.user, complaint)
    if reviews.may_request_review(request.user, complaint):
        actions.append("review")
    if reviews.reviews_decidable(request.user, complaint):
        actions.append("decide")
    complaint.actions = actions  # type: ignore[attr-defined]
    return complaint


@router.get(f"{BASE}/handling", response=HandlingOut)
def get_handling(request: HttpRequest, complaint_id: int) -> Any:
    """The handling so far, the reviews, and what the caller may do now."""
    return _answer(request, complaint_id)


@router.post(f"{BASE}/acknowledgement", response=HandlingOut)
def acknowledge(request: HttpRequest, complaint_id: int, payload: AcknowledgeIn) -> Any:
    """The handling unit acknowledges receipt (受理告知); late is allowed and shows."""
    handling.complaint_acknowledge(actor=request.user, pk=complaint_id, on=payload.acknowledged_on)
    return _answer(request, complaint_id)


@router.post(f"{BASE}/non-acceptance", response=HandlingOut)
def not_accept(request: HttpRequest, complaint_id: int, payload: NotAcceptIn) -> Any:
    """不予受理, on a ground and with the reason told (the receiving office)."""
    handling.complaint_not_accept(
        actor=request.user, pk=complaint_id, ground=payload.ground, reason=payload.reason
    )
    return _answer(request, complaint_id)


@router.post(f"{BASE}/extension", response=HandlingOut)
def extend(request: HttpRequest, complaint_id: int, payload: ExtendIn) -> Any:
    """The one extension, at most 30 days, approved by the handling unit's head."""
    handling.complaint_extend(
        actor=request.user, pk=complaint_id, days=payload.days, reason=payload.reason
    )
    return _answer(request, complaint_id)


@router.post(f"{BASE}/handling", response=HandlingOut)
def handle(request: HttpRequest, complaint_id: int, payload: HandlingIn) -> Any:
    """Record the handling and its outcome (正在办理, 阶段性办结, 已办结)."""
    values = payload.dict()
    values["truth"] = values["truth"] or ""
    handling.complaint_handle(
        actor=request.user, pk=complaint_id, data=handling.HandlingIn(**values)
    )
    return _answer(request, complaint_id)


@router.post(f"{BASE}/reply", response=HandlingOut)
def give_reply(request: HttpRequest, complaint_id: int, payload: ReplyIn) -> Any:
    """The written reply (答复意见书): its text and date."""
    handling.complaint_reply(
        actor=request.user, pk=complaint_id, text=payload.text, on=payload.replied_on
    )
    return _answer(request, complaint_id)


@router.get(
    f"{BASE}/reply.docx",
    response={200: None},
    openapi_extra=file_download(reply.CONTENT_TYPE),
    summary="The written reply (答复意见书) as .docx",
)
def reply_docx(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = complaint_get(user=request.user, pk=complaint_id)
    if not complaint.reply:
        raise NotFound("no written reply", code="complaint_reply_not_found")
    document = reply.reply_document(complaint)
    return download(document.content, filename=document.filename, content_type=reply.CONTENT_TYPE)


@router.post(f"{BASE}/team-report", response=HandlingOut)
def team_report(request: HttpRequest, complaint_id: int, payload: TeamReportIn) -> Any:
    """The handling reported back to the inspection team (within 10 days of hand-over)."""
    handling.complaint_team_report(actor=request.user, pk=complaint_id, on=payload.team_reported_on)
    return _answer(request, complaint_id)


@router.post(f"{BASE}/follow-up", response=HandlingOut)
def follow_up(request: HttpRequest, complaint_id: int, payload: FollowUpIn) -> Any:
    """回访: the complainant called back, and how satisfied."""
    handling.complaint_follow_up(
        actor=request.user,
        pk=complaint_id,
        on=payload.followed_up_on,
        satisfaction=payload.satisfaction,
        note=payload.note,
    )
    return _answer(request, complaint_id)


@router.post(f"{BASE}/reviews", response={201: ComplaintReviewOut})
def request_review(
    request: HttpRequest, complaint_id: int, payload: ComplaintReviewRequestIn
) -> Any:
    """Record a 复查 request (or, after its decision, 复核)."""
    review = reviews.review_request(
        actor=request.user,
        pk=complaint_id,
        grounds=payload.grounds,
        requested_on=payload.requested_on,
    )
    return Status(201, review)


@router.post(f"{BASE}/reviews/{{int:review_id}}/decision", response=ComplaintReviewOut)
def decide_review(
    request: HttpRequest, complaint_id: int, review_id: int, payload: ComplaintReviewDecisionIn
) -> Any:
    """The reviewing organization decides: upheld or changed."""
    return reviews.review_decide(
        actor=request.user,
        pk=complaint_id,
        review_pk=review_id,
        outcome=payload.outcome,
        decision=payload.decision,
    )
