"""A finding is never edited in place: it is withdrawn with a reason (a ledger event) and
another recorded; a withdrawn finding is struck through on the page, carries no sanction and
is left out of the dossier's responsibility list."""

from __future__ import annotations

import pytest

from duban.accountability.dossier.data import _cases
from duban.accountability.models import ResponsibilityFinding, Sanction
from duban.accountability.services import (
    finding_withdraw,
    review_decide,
    review_request,
    sanction_decide,
)
from duban.core import clock
from duban.core.choices import Role
from duban.core.models import Event, Person
from duban.errors import ApplicationError, InvalidTransition, NotFound
from tests.accountability.conftest import proven_finding
from tests.clients import client_for, post_json
from tests.factories import make_user


def _state(finding: ResponsibilityFinding) -> tuple[object, str, int]:
    finding.refresh_from_db()
    return finding.withdrawn_on, finding.withdrawal_reason, Event.objects.count()


def test_a_duplicate_finding_is_withdrawn_with_a_reason(scene):
    duplicate = proven_finding(scene.case, scene.supervisor, person=scene.w.responsible)
    finding_withdraw(actor=scene.supervisor, finding_id=duplicate.pk, reason="重复录入")
    duplicate.refresh_from_db()
    assert (duplicate.withdrawn_on, duplicate.withdrawal_reason) == (clock.today(), "重复录入")
    event = Event.objects.get(verb="case.finding_withdrawn")
    assert (event.data["finding"], event.reason) == (duplicate.pk, "重复录入")
    with pytest.raises(InvalidTransition):
        finding_withdraw(actor=scene.supervisor, finding_id=duplicate.pk, reason="again")
    # no sanction rests on a withdrawn finding
    with pytest.raises(ApplicationError) as error:
        sanction_decide(
            actor=scene.supervisor,
            case_id=scene.case.pk,
            finding_id=duplicate.pk,
            measure="admonition",
            rank="section",
            decided_by="x",
            decided_on=clock.today(),
        )
    assert error.value.code == "finding_required"
    # the dossier lists only the findings that stand
    (case,) = _cases(scene.supervisor, scene.w.problem)
    assert [f.pk for f in case.findings.all()] == [scene.finding.pk]


def test_a_finding_a_sanction_rests_on_is_not_withdrawn_until_revoked(scene):
    before = _state(scene.finding)
    with pytest.raises(ApplicationError) as error:
        finding_withdraw(actor=scene.supervisor, finding_id=scene.finding.pk, reason="错认")
    assert error.value.fields == {
        "finding": "a sanction rests on this finding: have it revoked on review first"
    }
    assert _state(scene.finding) == before
    person = make_user("zhou", organization=scene.w.housing, role=Role.VIEWER)
    Person.objects.filter(pk=scene.w.responsible.pk).update(user=person)
    review = review_request(
        actor=person, sanction_id=scene.sanction.pk, kind="review", grounds="错认"
    )
    review_decide(actor=scene.supervisor, review_id=review.pk, outcome="revoked", answer="撤销")
    finding_withdraw(actor=scene.supervisor, finding_id=scene.finding.pk, reason="错认")
    assert Sanction.objects.get().revoked_on == clock.today()


def test_only_the_case_s_commission_withdraws_a_finding(scene):
    duplicate = proven_finding(scene.case, scene.supervisor, person=scene.w.responsible)
    before = _state(duplicate)
    with pytest.raises(NotFound):
        finding_withdraw(actor=scene.far_supervisor, finding_id=duplicate.pk, reason="x")
    with pytest.raises(NotFound):
        finding_withdraw(actor=scene.w.reviewer, finding_id=duplicate.pk, reason="x")
    with pytest.raises(ApplicationError):
        finding_withdraw(actor=scene.supervisor, finding_id=duplicate.pk, reason=" ")
    assert _state(duplicate) == before


def test_withdrawal_on_the_page_and_through_the_api(scene):
    duplicate = proven_finding(scene.case, scene.supervisor, person=scene.w.responsible)
    client = client_for(scene.supervisor)
    path = f"/api/accountability/findings/{duplicate.pk}/withdrawal"
    assert post_json(client_for(None), path, {"reason": "x"}).status_code == 401
    assert post_json(client_for(scene.far_supervisor), path, {"reason": "x"}).status_code == 404
    refused = post_json(client, path, {"reason": ""})
    assert refused.status_code in (400, 422) and duplicate.withdrawn_on is None
    done = client.post(
        f"/accountability/{scene.case.pk}/findings/{duplicate.pk}/withdrawal/",
        {"reason": "重复录入"},
    )
    assert done.status_code == 302
    page = client.get(f"/accountability/{scene.case.pk}/").content.decode()
    assert 'data-withdrawn="true"' in page and "重复录入" in page
    again = post_json(
        client, f"/api/accountability/findings/{scene.finding.pk}/withdrawal", {"reason": "错认"}
    )
    assert again.status_code == 400 and "finding" in again.json()["fields"]
