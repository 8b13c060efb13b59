"""Review of a sanction (复审/复核): asked for by the person sanctioned within one calendar
month of the decision, decided by the case's commission; a revoked sanction is no longer
counted or published, a changed one counts as its new measure."""

from __future__ import annotations

from datetime import date

import pytest

from duban.accountability.models import Sanction, SanctionReview
from duban.accountability.services import review_decide, review_request
from duban.accountability.statistics import public_statistics, statistics_for
from duban.core import clock
from duban.core.choices import Role
from duban.core.models import Event, Person
from duban.errors import ApplicationError, InvalidTransition, NotFound
from tests.accountability.conftest import Scene
from tests.clients import client_for, post_json
from tests.factories import make_person, make_user


@pytest.fixture
def zhou(scene: Scene):
    """The login of 周建国, the person the scene's sanction (记过) is about."""
    user = make_user("zhoujianguo", organization=scene.w.housing, role=Role.VIEWER)
    Person.objects.filter(pk=scene.w.responsible.pk).update(user=user)
    return user


def _state() -> tuple[int, int, list[tuple[str, date | None]]]:
    sanctions = list(Sanction.objects.order_by("pk").values_list("measure", "revoked_on"))
    return SanctionReview.objects.count(), Event.objects.count(), sanctions


def _ask(scene: Scene, user, kind: str = "review") -> SanctionReview:
    return review_request(
        actor=user, sanction_id=scene.sanction.pk, kind=kind, grounds="事实认定不清"
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2021, 5, 20), 1, date(2021, 6, 20)),
        (date(2021, 1, 31), 1, date(2021, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2021, 12, 15), 1, date(2022, 1, 15)),
        (date(2021, 3, 31), 11, date(2022, 2, 28)),
    ],
)
def test_add_months_is_the_same_day_or_the_month_end(day, months, expected):
    assert clock.add_months(day, months) == expected


def test_the_person_sanctioned_asks_for_a_review_on_the_last_day_of_the_month(scene, zhou):
    last_day = clock.add_months(scene.sanction.decided_on, 1)
    with clock.frozen(last_day):
        review = _ask(scene, zhou)
    assert (review.kind, review.requested_on, review.outcome) == ("review", last_day, "")
    event = Event.objects.get(verb="case.review_requested")
    assert event.data["sanction"] == scene.sanction.pk and event.reason == "事实认定不清"


def test_a_review_asked_for_after_the_month_is_refused_and_changes_nothing(scene, zhou):
    before = _state()
    late = date.fromordinal(clock.add_months(scene.sanction.decided_on, 1).toordinal() + 1)
    with clock.frozen(late), pytest.raises(ApplicationError) as error:
        _ask(scene, zhou)
    assert error.value.code == "invalid_review"
    assert error.value.fields["requested_on"].startswith("a review must be asked for by")
    assert _state() == before


def test_a_review_of_someone_else_s_sanction_is_refused_and_changes_nothing(scene, zhou):
    other = make_user("chen", organization=scene.w.housing, role=Role.VIEWER)
    Person.objects.filter(pk=make_person("陈某", organization=scene.w.housing).pk).update(
        user=other
    )
    before = _state()
    with pytest.raises(NotFound):  # cannot even see it
        _ask(scene, other)
    with pytest.raises(ApplicationError) as error:  # sees the case, is not the person
        _ask(scene, scene.supervisor)
    assert error.value.fields == {"sanction": "only the person sanctioned may ask for a review"}
    assert _state() == before


def test_a_second_review_follows_a_decided_review_once(scene, zhou):
    with pytest.raises(ApplicationError) as error:
        _ask(scene, zhou, kind="re_review")
    assert "kind" in error.value.fields
    review = _ask(scene, zhou)
    with pytest.raises(ApplicationError) as error:
        _ask(scene, zhou)
    assert error.value.fields == {"sanction": "a review of this sanction is already under way"}
    review_decide(actor=scene.supervisor, review_id=review.pk, outcome="upheld", answer="维持")
    assert _ask(scene, zhou, kind="re_review").kind == "re_review"


def test_a_revoked_sanction_is_no_longer_counted_or_published(scene, zhou):
    Sanction.objects.filter(pk=scene.sanction.pk).update(is_public=True)
    assert public_statistics().people == 1
    review = _ask(scene, zhou)
    review_decide(actor=scene.supervisor, review_id=review.pk, outcome="revoked", answer="撤销")
    assert Sanction.objects.get(pk=scene.sanction.pk).revoked_on == clock.today()
    assert statistics_for(user=scene.supervisor).totals.sanctions == 0
    assert public_statistics().people == 0
    event = Event.objects.get(verb="case.review_decided")
    assert (event.data["outcome"], event.reason) == ("revoked", "撤销")


def test_a_changed_sanction_counts_as_its_new_measure(scene, zhou):
    review = _ask(scene, zhou)
    review_decide(
        actor=scene.supervisor,
        review_id=review.pk,
        outcome="changed",
        answer="改为警告",
        measure="gov_warning",
    )
    sanction = Sanction.objects.get(pk=scene.sanction.pk)
    assert (sanction.measure, sanction.months) == ("gov_warning", 6)
    rows = statistics_for(user=scene.supervisor).by_measure
    assert [(row.key, row.count) for row in rows] == [("gov_warning", 1)]
    assert SanctionReview.objects.get().previous_measure == "gov_demerit"
    with pytest.raises(InvalidTransition):
        review_decide(actor=scene.supervisor, review_id=review.pk, outcome="revoked", answer="x")


def test_a_review_is_decided_only_by_the_case_s_commission(scene, zhou):
    review = _ask(scene, zhou)
    before = _state()
    for outsider in (zhou, scene.far_supervisor):
        with pytest.raises(NotFound):
            review_decide(actor=outsider, review_id=review.pk, outcome="revoked", answer="x")
    with pytest.raises(ApplicationError) as error:
        review_decide(actor=scene.supervisor, review_id=review.pk, outcome="changed", answer="x")
    assert "measure" in error.value.fields
    assert _state() == before


def test_reviews_through_the_api(scene, zhou):
    path = f"/api/accountability/sanctions/{scene.sanction.pk}/reviews"
    payload = {"kind": "review", "grounds": "事实认定不清"}
    before = _state()
    assert post_json(client_for(None), path, payload).status_code == 401
    assert post_json(client_for(scene.far_supervisor), path, payload).status_code == 404
    refused = post_json(client_for(scene.supervisor), path, payload)
    assert refused.status_code == 400 and "sanction" in refused.json()["fields"]
    assert _state() == before
    mine = client_for(zhou).get("/api/accountability/my-sanctions")
    assert [item["id"] for item in mine.json()] == [scene.sanction.pk]
    created = post_json(client_for(zhou), path, payload)
    assert created.status_code == 201
    decision = f"/api/accountability/reviews/{created.json()['id']}/decision"
    answer = {"outcome": "revoked", "answer": "撤销"}
    assert post_json(client_for(zhou), decision, answer).status_code == 404
    decided = post_json(client_for(scene.supervisor), decision, answer)
    assert decided.status_code == 200 and decided.json()["outcome"] == "revoked"


def test_reviews_through_the_pages(scene, zhou):
    person = client_for(zhou)
    page = person.get("/accountability/my-sanctions/")
    assert page.status_code == 200 and 'data-testid="my-sanction"' in page.content.decode()
    assert client_for(scene.far_supervisor).get("/accountability/my-sanctions/").status_code == 200
    asked = person.post(
        f"/accountability/sanctions/{scene.sanction.pk}/review/",
        {"kind": "review", "grounds": "事实认定不清"},
    )
    assert asked.status_code == 302
    refused = client_for(scene.supervisor).post(
        f"/accountability/sanctions/{scene.sanction.pk}/review/",
        {"kind": "review", "grounds": "x"},
    )
    assert refused.status_code == 400 and SanctionReview.objects.count() == 1
    case_page = client_for(scene.supervisor).get(f"/accountability/{scene.case.pk}/")
    assert 'data-testid="review-decision-form"' in case_page.content.decode()
    review = SanctionReview.objects.get()
    decided = client_for(scene.supervisor).post(
        f"/accountability/{scene.case.pk}/reviews/{review.pk}/decision/",
        {"outcome": "upheld", "answer": "维持原决定"},
    )
    assert decided.status_code == 302
    assert SanctionReview.objects.get().outcome == "upheld"
