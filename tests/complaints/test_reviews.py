"""复查 and 复核: asked in time, by the office; decided by the organization above; once each."""

from __future__ import annotations

from datetime import timedelta

import pytest

from duban.complaints.choices import ReviewLevel, ReviewOutcome
from duban.complaints.models import Complaint, ComplaintReview
from duban.complaints.services import handling, reviews
from duban.core import clock
from duban.core.choices import Role
from duban.errors import ApplicationError, InvalidTransition, NotFound, NotPermitted
from tests.complaints.test_handling import concluded_data
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.django_db


def conclude(scene) -> Complaint:
    pk = scene.complaint.pk
    handling.complaint_acknowledge(actor=scene.unit_worker, pk=pk)
    handling.complaint_reply(actor=scene.unit_worker, pk=pk, text="经查属实，已责令整改。")
    return handling.complaint_handle(actor=scene.unit_worker, pk=pk, data=concluded_data())


@pytest.fixture
def city_reviewer(scene):
    """A reviewer of 株洲市人民政府, the organization above the handling unit."""
    return make_user("city_reviewer", organization=scene.environment.parent, role=Role.REVIEWER)


def test_no_review_before_the_reply_and_conclusion(scene):
    with pytest.raises(InvalidTransition):
        reviews.review_request(actor=scene.w.reviewer, pk=scene.complaint.pk, grounds="不服")


def test_recheck_goes_to_the_organization_above_the_handling_unit(scene, city_reviewer):
    conclude(scene)
    pk = scene.complaint.pk
    with pytest.raises(NotPermitted):
        reviews.review_request(actor=scene.unit_worker, pk=pk, grounds="不服")
    with pytest.raises(NotFound):
        reviews.review_request(actor=scene.accused_reviewer, pk=pk, grounds="不服")
    with pytest.raises(ApplicationError) as caught:
        reviews.review_request(actor=scene.w.reviewer, pk=pk, grounds=" ")
    assert set(caught.value.fields) == {"grounds"}
    review = reviews.review_request(actor=scene.w.reviewer, pk=pk, grounds="处理不到位")
    assert review.level == ReviewLevel.RECHECK
    assert review.reviewer == scene.environment.parent
    assert review.due_on == clock.today() + timedelta(days=30)
    # A second 复查, or a 复核 before the decision: refused.
    with pytest.raises(ApplicationError) as caught:
        reviews.review_request(actor=scene.w.reviewer, pk=pk, grounds="再次")
    assert caught.value.code == "complaint_review_after_recheck"
    # Only the reviewing organization decides, and with a decision.
    with pytest.raises(NotPermitted):
        reviews.review_decide(
            actor=scene.unit_reviewer,
            pk=pk,
            review_pk=review.pk,
            outcome=ReviewOutcome.UPHELD,
            decision="维持",
        )
    with pytest.raises(ApplicationError) as caught:
        reviews.review_decide(
            actor=city_reviewer, pk=pk, review_pk=review.pk, outcome="maybe", decision=""
        )
    assert set(caught.value.fields) == {"outcome", "decision"}
    decided = reviews.review_decide(
        actor=city_reviewer,
        pk=pk,
        review_pk=review.pk,
        outcome=ReviewOutcome.UPHELD,
        decision="维持原处理意见",
    )
    assert decided.decided_on == clock.today()
    with pytest.raises(InvalidTransition):
        reviews.review_decide(
            actor=city_reviewer,
            pk=pk,
            review_pk=review.pk,
            outcome=ReviewOutcome.CHANGED,
            decision="改",
        )


def test_review_after_recheck_then_nothing_more(scene, city_reviewer):
    conclude(scene)
    pk = scene.complaint.pk
    recheck = reviews.review_request(actor=scene.w.reviewer, pk=pk, grounds="不服")
    reviews.review_decide(
        actor=city_reviewer,
        pk=pk,
        review_pk=recheck.pk,
        outcome=ReviewOutcome.UPHELD,
        decision="维持",
    )
    # 复核 by the organization above the 复查's reviewer; with none above the city, refused.
    with pytest.raises(ApplicationError) as caught:
        reviews.review_request(actor=scene.w.reviewer, pk=pk, grounds="仍不服")
    assert caught.value.code == "complaint_no_reviewer"
    province = make_organization("湖南省人民政府", region="430000")
    city = scene.environment.parent
    city.parent = province
    city.save()
    review = reviews.review_request(actor=scene.w.reviewer, pk=pk, grounds="仍不服")
    assert review.level == ReviewLevel.REVIEW
    assert review.reviewer == province
    with pytest.raises(ApplicationError) as caught:
        reviews.review_request(actor=scene.w.reviewer, pk=pk, grounds="三次")
    assert caught.value.code == "complaint_review_final"
    assert ComplaintReview.objects.filter(complaint_id=pk).count() == 2


def test_requests_must_come_within_30_days(scene):
    conclude(scene)
    pk = scene.complaint.pk
    replied = Complaint.objects.get(pk=pk).replied_on
    with clock.frozen(replied + timedelta(days=40)):
        with pytest.raises(ApplicationError) as caught:
            reviews.review_request(actor=scene.w.reviewer, pk=pk, grounds="迟到")
        assert caught.value.code == "complaint_review_closed"
        # Received in time, recorded late: accepted.
        review = reviews.review_request(
            actor=scene.w.reviewer,
            pk=pk,
            grounds="按时提出",
            requested_on=replied + timedelta(days=30),
        )
    assert review.requested_on == replied + timedelta(days=30)


def test_a_request_dated_before_the_reply_or_in_the_future_is_refused(scene):
    conclude(scene)
    pk = scene.complaint.pk
    for day in (clock.today() - timedelta(days=5), clock.today() + timedelta(days=1)):
        with pytest.raises(ApplicationError) as caught:
            reviews.review_request(actor=scene.w.reviewer, pk=pk, grounds="x", requested_on=day)
        assert set(caught.value.fields) == {"requested_on"}


def test_reviewer_falls_back_to_the_receiving_office(scene):
    top = make_organization("独立机构")
    Complaint.objects.filter(pk=scene.complaint.pk).update(handling_unit=top)
    complaint = Complaint.objects.get(pk=scene.complaint.pk)
    assert reviews.reviewer_for(complaint, ReviewLevel.RECHECK) == scene.w.office


def test_unknown_review_is_not_found(scene, city_reviewer):
    conclude(scene)
    with pytest.raises(NotFound):
        reviews.review_decide(
            actor=city_reviewer,
            pk=scene.complaint.pk,
            review_pk=999999,
            outcome=ReviewOutcome.UPHELD,
            decision="维持",
        )
