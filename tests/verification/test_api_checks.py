"""/api/site-checks and /api/claims/{id}/verifications: scope, roles, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.models import Event
from tests.clients import client_for, count_queries, post_json
from tests.factories import make_person
from tests.images import photo
from tests.permissions import changes_since, database_state
from tests.verification.scene import site_check, verification

pytestmark = pytest.mark.django_db


# Site checks


def test_site_check_recorded_with_evidence(scene):
    w = scene.w
    picture = attachment_store(
        actor=w.reviewer, name="现场.jpg", content=photo(seed=4, gps=(27.87, 113.16))
    )
    client = client_for(w.reviewer)
    response = post_json(client, "/api/site-checks", site_check(scene, evidence=[picture.pk]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["region"], body["region_name"]) == ("430200", "株洲市")  # the first task's
    assert body["passed"] is False and body["latitude"] == "27.871000"
    assert [t["code"] for t in body["tasks"]] == ["HN-ZZ-01-1"]
    assert body["inspectors"] == [
        {"id": w.signer.pk, "name": "王晓梅", "organization": "株洲市整改办"}
    ]
    assert body["evidence"][0]["url"] == f"/attachments/{picture.pk}/"
    listed = client.get(f"/api/site-checks?task={w.task.pk}").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert client_for(w.outsider).get("/api/site-checks").json()["count"] == 0


def test_site_check_out_of_scope_is_404_naming_the_field(scene):
    before = database_state()
    response = post_json(client_for(scene.far_reviewer), "/api/site-checks", site_check(scene))
    assert response.status_code == 404
    assert "tasks" in response.json()["fields"]
    stranger = attachment_store(actor=scene.w.reporter, name="x.jpg", content=photo(seed=8))
    before = database_state()
    response = post_json(
        client_for(scene.w.reviewer), "/api/site-checks", site_check(scene, evidence=[stranger.pk])
    )
    assert response.status_code == 404 and "evidence" in response.json()["fields"]
    response = post_json(
        client_for(scene.w.reviewer),
        "/api/site-checks",
        site_check(scene, organization=scene.w.housing.pk),
    )
    assert response.status_code == 404 and "organization" in response.json()["fields"]
    assert changes_since(before) == []


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"checked_on": "2026-13-45"}, 422, "checked_on"),
        ({"checked_on": "tomorrow"}, 422, "checked_on"),
        ({"checked_on": (clock.today() + timedelta(days=3)).isoformat()}, 400, "checked_on"),
        ({"latitude": "91"}, 422, "latitude"),
        ({"latitude": 1e308, "longitude": 1e308}, 422, "latitude"),
        ({"latitude": "NaN"}, 422, "latitude"),
        ({"latitude": "27.12345678"}, 422, "latitude"),
        ({"longitude": None}, 400, "latitude"),
        ({"tasks": []}, 422, "tasks"),
        ({"tasks": [2**64]}, 422, "tasks.0"),
        ({"tasks": ["1"]}, 422, "tasks.0"),
        ({"inspectors": []}, 400, "inspectors"),
        ({"organization": 2**63}, 422, "organization"),
        ({"region": "43"}, 422, "region"),
        ({"region": "999999"}, 404, "region"),
        ({"place": ""}, 422, "place"),
        ({"place": "x" * 201}, 422, "place"),
        ({"findings": "a\u0000b"}, 422, "findings"),
        ({"passed": "no"}, 422, "passed"),
        ({"unannounced": 0}, 422, "unannounced"),
        ({"evidence": list(range(1, 60))}, 422, "evidence"),
    ],
)
def test_bad_site_checks_never_500_and_record_nothing(scene, changes, status, field):
    before = database_state()
    response = post_json(
        client_for(scene.w.reviewer), "/api/site-checks", site_check(scene, **changes)
    )
    assert response.status_code == status, response.content
    assert field in response.json()["fields"]
    assert changes_since(before) == []


@pytest.mark.parametrize("body", ["not json", "[]", "null", '{"organization": {}}'])
def test_malformed_site_check_bodies(scene, body):
    before = database_state()
    response = post_json(client_for(scene.w.reviewer), "/api/site-checks", body)
    assert response.status_code in {400, 422}
    assert set(response.json()) == {"message", "code", "fields"}
    assert changes_since(before) == []


# Verifications


def test_verifications_listed(scene):
    url = f"/api/claims/{scene.claims[0].pk}/verifications"
    body = client_for(scene.w.reviewer).get(url).json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert (item["verified_value"], item["deviation"], item["method"]) == (
        "8.8400",
        "11.1606",
        "site_measurement",
    )
    assert client_for(scene.w.reporter).get(url).status_code == 200  # the unit sees its checks


def test_verifications_out_of_scope_are_404(scene):
    url = f"/api/claims/{scene.claims[0].pk}/verifications"
    before = database_state()
    for user in (scene.w.outsider, scene.far_reviewer):
        assert client_for(user).get(url).status_code == 404
        response = post_json(client_for(user), url, verification(scene))
        assert response.status_code == 404 and response.json()["code"] == "claim_not_found"
    assert client_for(scene.w.reviewer).get("/api/claims/99999/verifications").status_code == 404
    assert changes_since(before) == []


def test_checker_from_the_lead_unit_is_refused_on_checker(scene):
    url = f"/api/claims/{scene.claims[0].pk}/verifications"
    before = database_state()
    response = post_json(
        client_for(scene.w.reviewer), url, verification(scene, scene.w.responsible)
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_verification"
    assert "lead unit" in body["fields"]["checker"]
    assert changes_since(before) == []


def test_verification_recorded(scene):
    url = f"/api/claims/{scene.claims[2].pk}/verifications"
    response = post_json(
        client_for(scene.supervisor),
        url,
        verification(scene, verified_value="100", method="document_check"),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["deviation"], body["method_display"]) == ("0.1520", "资料核查")
    event = Event.objects.latest("seq")
    assert (event.verb, event.subject_type, event.data["claim"]) == (
        "claim.verified",
        "rectification.task",
        scene.claims[2].pk,
    )


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"verified_value": "abc"}, 422, "verified_value"),
        ({"verified_value": "NaN"}, 422, "verified_value"),
        ({"verified_value": "Infinity"}, 422, "verified_value"),
        ({"verified_value": 1e400}, 422, "verified_value"),
        ({"verified_value": "1" * 40}, 422, "verified_value"),
        ({"verified_value": "1.123456"}, 422, "verified_value"),
        ({"method": "guess"}, 422, "method"),
        ({"checker": 2**64}, 422, "checker"),
        ({"checker": 99999}, 404, "checker"),
        ({"site_check": 99999}, 404, "site_check"),
        ({"verified_on": "2026-02-30"}, 422, "verified_on"),
        ({"note": "x" * 2001}, 422, "note"),
    ],
)
def test_bad_verifications_never_500_and_record_nothing(scene, changes, status, field):
    url = f"/api/claims/{scene.claims[0].pk}/verifications"
    before = database_state()
    response = post_json(client_for(scene.w.reviewer), url, verification(scene, **changes))
    assert response.status_code == status, response.content
    assert field in response.json()["fields"]
    assert changes_since(before) == []


def test_huge_claim_id_is_422(scene):
    response = client_for(scene.w.reviewer).get(f"/api/claims/{10**30}/verifications")
    assert response.status_code == 422 and "claim_id" in response.json()["fields"]


def test_site_check_list_queries_do_not_grow_with_rows(scene):
    """Inspectors come with their organization in the page's queries, not one query per row."""
    w = scene.w
    client = client_for(w.reviewer)

    def record(number: int) -> None:
        inspector = make_person(f"核查员{number}", organization=w.office, post="核查员")
        payload = site_check(scene, inspectors=[w.signer.pk, inspector.pk])
        assert post_json(client, "/api/site-checks", payload).status_code == 201

    record(1)
    with_one = count_queries(client, "/api/site-checks")
    for number in (2, 3, 4):
        record(number)
    assert count_queries(client, "/api/site-checks") == with_one
