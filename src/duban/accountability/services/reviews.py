"""A sanctioned person's request for review (复审, then 复核) and the commission's decision on
it: upheld, changed (the sanction then carries the new measure) or revoked (no longer counted
or published). 监察法 art. 56; 公职人员政务处分法 art. 55."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from duban.accountability.choices import SANCTION_MONTHS, Measure, ReviewKind, ReviewOutcome
from duban.accountability.errors import (
    NEW_MEASURE_REQUIRED,
    NOT_YOUR_SANCTION,
    REVIEW_ORDER,
    REVIEW_PENDING,
    REVIEW_TOO_LATE,
    SANCTION_REVOKED,
    UNKNOWN_OUTCOME,
)
from duban.accountability.events import review_decided_event, review_requested_event
from duban.accountability.models import Sanction, SanctionReview
from duban.accountability.selectors import case_visible_to, sanctions_of
from duban.accountability.services.cases import case_for_work, measure_errors
from duban.core import clock
from duban.core.errors import REQUIRED
from duban.core.principal import user_of
from duban.errors import ApplicationError, InvalidTransition, NotFound


def review_deadline(sanction: Sanction, kind: ReviewKind | str) -> date | None:
    """The last day to ask for this kind of review: one calendar month after the decision it
    contests (the sanction's for 复审, the decided 复审's for 复核); None where it cannot be
    asked for (复核 before a decided 复审)."""
    if kind == ReviewKind.REVIEW:
        return clock.add_months(sanction.decided_on, 1)
    first = next(
        (r for r in sanction.reviews.all() if r.kind == ReviewKind.REVIEW and r.decided_on),
        None,
    )
    return clock.add_months(first.decided_on, 1) if first and first.decided_on else None


def review_errors(*, user: Any, sanction: Sanction, kind: ReviewKind | str) -> dict[str, str]:
    """Why this user may not ask for this review of this sanction today (empty: they may)."""
    person, account = sanction.finding.person, user_of(user)
    if person is None or account is None or person.user_id != account.pk:
        return {"sanction": NOT_YOUR_SANCTION()}
    if sanction.revoked_on:
        return {"sanction": SANCTION_REVOKED()}
    reviews = list(sanction.reviews.all())
    if any(not r.outcome for r in reviews):
        return {"sanction": REVIEW_PENDING()}
    if kind not in ReviewKind.values or any(r.kind == kind for r in reviews):
        return {"kind": REVIEW_ORDER()}
    deadline = review_deadline(sanction, kind)
    if deadline is None:
        return {"kind": REVIEW_ORDER()}
    if clock.today() > deadline:
        return {"requested_on": REVIEW_TOO_LATE(until=deadline.isoformat())}
    return {}


def review_request(
    *, actor: Any, sanction_id: int, kind: ReviewKind | str, grounds: str
) -> SanctionReview:
    """Ask for a review of one's own sanction; refused after the month, for someone else's
    sanction, while a review is under way, or out of order (复核 before 复审)."""
    with transaction.atomic():
        sanction = _sanction_for_request(actor, sanction_id)
        errors = review_errors(user=actor, sanction=sanction, kind=kind)
        if not grounds.strip():
            errors.setdefault("grounds", REQUIRED())
        if errors:
            raise ApplicationError("review not requested", code="invalid_review", fields=errors)
        review = SanctionReview.objects.create(
            sanction=sanction,
            kind=kind,
            requested_on=clock.today(),
            requested_by=user_of(actor),
            grounds=grounds,
        )
        review_requested_event(actor=actor, review=review)
    return review


def _sanction_for_request(actor: Any, sanction_id: int) -> Sanction:
    """The sanction, locked; NotFound unless it is the actor's own or in a case they see."""
    visible = Sanction.objects.filter(pk=sanction_id).filter(
        pk__in=sanctions_of(actor).values("pk")
    ) | Sanction.objects.filter(pk=sanction_id, case__in=case_visible_to(actor))
    if not visible.exists():
        raise NotFound("sanction not found", code="sanction_not_found")
    # Lock the sanction row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer joins that select_related makes (a finding may name no person).
    return (
        Sanction.objects.select_for_update(no_key=True, of=("self",))
        .select_related("finding__person", "case__commission")
        .prefetch_related("reviews")
        .get(pk=sanction_id)
    )


def review_decide(
    *,
    actor: Any,
    review_id: int,
    outcome: ReviewOutcome | str,
    answer: str,
    measure: Measure | str = "",
    months: int | None = None,
) -> SanctionReview:
    """Decide a pending review for the case's commission: upheld, changed to a new measure,
    or revoked."""
    review = SanctionReview.objects.select_related("sanction").filter(pk=review_id).first()
    if review is None:
        raise NotFound("review not found", code="review_not_found")
    case_for_work(actor, review.sanction.case_id)
    with transaction.atomic():
        review = SanctionReview.objects.select_for_update(no_key=True).get(pk=review.pk)
        if review.outcome:
            raise InvalidTransition("the review has already been decided")
        sanction = Sanction.objects.select_related("finding__organization", "case").get(
            pk=review.sanction_id
        )
        _check_decision(sanction, outcome=outcome, answer=answer, measure=measure, months=months)
        _apply(review, sanction, outcome=outcome, measure=measure, months=months)
        review.answer, review.decided_by = answer, user_of(actor)
        review.save()
        review_decided_event(actor=actor, review=review)
    return review


def _check_decision(
    sanction: Sanction, *, outcome: str, answer: str, measure: str, months: int | None
) -> None:
    errors: dict[str, str] = {}
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = UNKNOWN_OUTCOME(outcome=outcome)
    if not answer.strip():
        errors["answer"] = REQUIRED()
    if outcome == ReviewOutcome.CHANGED:
        if not measure or measure == sanction.measure:
            errors["measure"] = NEW_MEASURE_REQUIRED()
        else:
            errors.update(measure_errors(sanction.finding, measure=measure, months=months))
    if errors:
        raise ApplicationError("review not decided", code="invalid_review_decision", fields=errors)


def _apply(
    review: SanctionReview, sanction: Sanction, *, outcome: str, measure: str, months: int | None
) -> None:
    """The decision's effect on the sanction: a new measure, or revoked today."""
    review.outcome, review.decided_on = outcome, clock.today()
    if outcome == ReviewOutcome.CHANGED:
        review.previous_measure = sanction.measure
        sanction.measure = measure
        sanction.months = months or SANCTION_MONTHS.get(Measure(measure))
        sanction.save(update_fields=["measure", "months"])
    elif outcome == ReviewOutcome.REVOKED:
        sanction.revoked_on = review.decided_on
        sanction.save(update_fields=["revoked_on"])
    review.sanction = sanction
