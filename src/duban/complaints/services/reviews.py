"""复查 and 复核 (信访工作条例 Art. 35–36; docs/complaints.md "Reviews").

- 复查: asked within 30 days of the written reply (on or after it), of a concluded complaint;
  decided in 30 days by the organization above the handling unit — its parent in the
  directory, or, when the handling unit has none, the office that received the complaint.
- 复核: only after the 复查 is decided, asked within 30 days of that decision; decided in 30
  days by the organization above the 复查's reviewer (its parent); with none above it, no
  复核 can be asked (NO_REVIEWER) — duban has no body to give it to.
- After 复核 the same complaint is not examined again (one review per level, and no level
  above 复核).

The request is recorded by the receiving office (`may_dispatch`); the decision by the
reviewing organization's reviewers (`may_decide_review`). A decision "changed" is recorded
as such; the new handling it orders is the handling unit's to record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from duban.complaints import errors, rules
from duban.complaints.choices import ComplaintState, ReviewLevel, ReviewOutcome, Verb
from duban.complaints.events import complaint_event
from duban.complaints.models import Complaint, ComplaintReview
from duban.complaints.permissions import may_decide_review, may_dispatch
from duban.complaints.services.common import locked
from duban.core import clock
from duban.core.models import Organization
from duban.errors import ApplicationError, InvalidTransition, NotFound, NotPermitted, Reason


def _reviews(complaint: Complaint) -> dict[str, ComplaintReview]:
    return {review.level: review for review in complaint.reviews.select_related("reviewer")}


def next_level(complaint: Complaint) -> tuple[str | None, Reason | None]:
    """The level a request would be now, or why none can be asked (time aside)."""
    if complaint.state != ComplaintState.CONCLUDED or complaint.replied_on is None:
        return None, errors.NO_REPLY()
    reviews = _reviews(complaint)
    if ReviewLevel.REVIEW in reviews:
        return None, errors.REVIEW_FINAL()
    recheck = reviews.get(ReviewLevel.RECHECK)
    if recheck is None:
        return ReviewLevel.RECHECK, None
    if recheck.decided_on is None:
        return None, errors.REVIEW_AFTER_RECHECK()
    return ReviewLevel.REVIEW, None


def reviewer_for(complaint: Complaint, level: str) -> Organization | None:
    """Who decides a request at `level` (see the module's docstring); None: nobody above."""
    if level == ReviewLevel.RECHECK:
        below = complaint.handling_unit
    else:
        below = complaint.reviews.get(level=ReviewLevel.RECHECK).reviewer
    if below is None:
        return None
    if below.parent_id is not None:
        return below.parent
    if level == ReviewLevel.RECHECK and complaint.received_by_id != below.pk:
        return complaint.received_by
    return None


def request_closes(complaint: Complaint, level: str) -> date:
    """The last day to ask at `level`: 30 days after the reply, or after the 复查 decision."""
    if level == ReviewLevel.RECHECK:
        assert complaint.replied_on is not None
        return rules.review_request_closes(complaint.replied_on)
    decided = complaint.reviews.get(level=ReviewLevel.RECHECK).decided_on
    assert decided is not None
    return rules.review_request_closes(decided)


def _opens(complaint: Complaint, level: str) -> date:
    if level == ReviewLevel.RECHECK:
        assert complaint.replied_on is not None
        return complaint.replied_on
    decided = complaint.reviews.get(level=ReviewLevel.RECHECK).decided_on
    assert decided is not None
    return decided


def _request_day_refusal(complaint: Complaint, level: str, day: date) -> Reason | None:
    """A request is dated neither in the future nor outside the 30 days after the reply (or
    the 复查 decision)."""
    opens, closes = _opens(complaint, level), request_closes(complaint, level)
    if day > clock.today():
        return errors.DAY_IN_FUTURE()
    if day < opens:
        return errors.DAY_TOO_EARLY(day=opens.isoformat())
    if day > closes:
        return errors.REVIEW_CLOSED(day=closes.isoformat())
    return None


def _reviewer(complaint: Complaint, level: str) -> Organization:
    """The organization that reviews at this level, or the refusal naming the one below."""
    reviewer = reviewer_for(complaint, level)
    if reviewer is None:
        below = (
            complaint.handling_unit
            if level == ReviewLevel.RECHECK
            else complaint.reviews.get(level=ReviewLevel.RECHECK).reviewer
        )
        reason = errors.NO_REVIEWER(unit=below.name if below else "")
        raise ApplicationError(reason, code=reason.code)
    return reviewer


def review_request(
    *, actor: Any, pk: int, grounds: str, requested_on: date | None = None
) -> ComplaintReview:
    """Record the complainant's 复查 (or, after its decision, 复核) request."""
    with transaction.atomic():
        complaint = locked(
            actor=actor, pk=pk, allowed=may_dispatch, states=[ComplaintState.CONCLUDED]
        )
        level, refusal = next_level(complaint)
        if refusal is not None or level is None:
            reason = refusal or errors.REVIEW_FINAL()
            raise ApplicationError(reason, code=reason.code)
        if not grounds.strip():
            raise ApplicationError(
                errors.REASON_REQUIRED(),
                code=errors.REASON_REQUIRED.code,
                fields={"grounds": errors.REASON_REQUIRED()},
            )
        day = requested_on or clock.today()
        refusal = _request_day_refusal(complaint, level, day)
        if refusal is not None:
            raise ApplicationError(refusal, code=refusal.code, fields={"requested_on": refusal})
        reviewer = _reviewer(complaint, level)
        review = ComplaintReview.objects.create(
            complaint=complaint,
            level=level,
            requested_on=day,
            grounds=grounds.strip(),
            reviewer=reviewer,
            due_on=rules.review_due(day),
        )
        complaint_event(
            actor=actor,
            verb=Verb.REVIEW_REQUESTED,
            complaint=complaint,
            data={
                "review": review.pk,
                "level": level,
                "reviewer": reviewer.name,
                "due_on": review.due_on,
            },
        )
    return review


def review_decide(
    *, actor: Any, pk: int, review_pk: int, outcome: str, decision: str
) -> ComplaintReview:
    """The reviewing organization decides: the handling upheld or changed, with its text."""
    with transaction.atomic():
        complaint = locked(actor=actor, pk=pk, allowed=lambda _actor, _complaint: True)
        review = (
            ComplaintReview.objects.select_for_update(of=("self",))
            .select_related("reviewer")
            .filter(pk=review_pk, complaint=complaint)
            .first()
        )
        if review is None:
            raise NotFound(errors.UNKNOWN_REVIEW(), code=errors.UNKNOWN_REVIEW.code)
        if not may_decide_review(actor, review):
            raise NotPermitted(errors.NOT_PERMITTED(), code=errors.NOT_PERMITTED.code)
        if review.decided_on is not None:
            raise InvalidTransition(errors.REVIEW_DECIDED(), code=errors.REVIEW_DECIDED.code)
        fields: dict[str, Reason] = {}
        if outcome not in ReviewOutcome.values:
            fields["outcome"] = errors.TEXT_REQUIRED()
        if not decision.strip():
            fields["decision"] = errors.REASON_REQUIRED()
        if fields:
            first = next(iter(fields.values()))
            raise ApplicationError(first, code=first.code, fields=fields)
        review.decided_on = clock.today()
        review.outcome = outcome
        review.decision = decision.strip()
        review.save()
        complaint_event(
            actor=actor,
            verb=Verb.REVIEW_DECIDED,
            complaint=complaint,
            data={"review": review.pk, "level": review.level, "outcome": outcome},
        )
    return review


def may_request_review(actor: Any, complaint: Complaint) -> bool:
    """Whether review_request would take a request (grounds and its date aside: a request
    received in time may be recorded late, so the form stays offered)."""
    if not may_dispatch(actor, complaint) or complaint.state != ComplaintState.CONCLUDED:
        return False
    level, refusal = next_level(complaint)
    if level is None or refusal is not None:
        return False
    return _opens(complaint, level) <= clock.today() and reviewer_for(complaint, level) is not None


def reviews_decidable(actor: Any, complaint: Complaint) -> list[ComplaintReview]:
    """The undecided reviews of the complaint `actor` may decide."""
    return [
        review
        for review in complaint.reviews.select_related("reviewer")
        if review.decided_on is None and may_decide_review(actor, review)
    ]
