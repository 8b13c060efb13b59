"""The intake API: the list and one complaint (no identity in any answer), creating one
(identity sealed, never answered back), 转办 — and bad input as field-level errors."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import override_settings

from duban.complaints.identity import unseal
from duban.complaints.models import Complaint, ComplaintIdentity
from duban.complaints.services.intake import complaint_register
from duban.core import clock
from tests.clients import client_for, count_queries, post_json
from tests.complaints.endpoints_intake import entry_json
from tests.complaints.scene import COMPLAINANT, complaint_in
from tests.factories import make_organization
from tests.permissions import nothing_changes

pytestmark = pytest.mark.django_db

IDENTITY_KEYS = {"identity", "name", "phone", "id_number", "email", "complainant"}


def _no_identity(body) -> None:
    text = json.dumps(body, ensure_ascii=False)
    for secret in (COMPLAINANT.name, COMPLAINANT.phone, COMPLAINANT.address):
        assert secret not in text
    rows = body["items"] if "items" in body else [body]
    for row in rows:
        assert not IDENTITY_KEYS & set(row)


def test_the_list_is_paginated_filtered_and_holds_no_identity(scene):
    client = client_for(scene.w.reviewer)
    body = client.get("/api/complaints?limit=10").json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row["number"] == scene.complaint.number
    assert row["anonymous"] is False
    assert row["state"] == "transferred"
    assert row["handling_unit"] == {"id": scene.environment.pk, "name": scene.environment.name}
    assert row["team"]["name"] == scene.team.name
    assert row["region"] == {"code": "430212", "name": scene.complaint.region.name}
    _no_identity(body)
    assert client.get("/api/complaints?state=registered").json()["count"] == 0
    assert client.get("/api/complaints?q=偷排").json()["count"] == 1
    assert client.get("/api/complaints?region=430300").json()["count"] == 0
    assert client.get(f"/api/complaints?team={scene.team.pk}&batch=3").json()["count"] == 1
    with override_settings(DUBAN_TODAY=clock.today() + timedelta(days=11)):
        assert client.get("/api/complaints?overdue=team_report").json()["count"] == 1
        assert client.get("/api/complaints?overdue=handle").json()["count"] == 0


def test_the_list_queries_do_not_grow_with_its_rows(scene):
    client = client_for(scene.w.reviewer)
    few = count_queries(client, "/api/complaints")
    for n in range(1, 11):
        # the same firm again: linked to the open complaint (repeat_of in the answer)
        complaint_register(
            actor=scene.w.reviewer,
            office=scene.w.office,
            data=complaint_in(scene.team, number=f"DBTEST{n:04d}", batch_number=n),
        )
    body = client.get("/api/complaints").json()
    assert body["count"] == 11
    assert {row["repeat_of"] for row in body["items"]} == {None, scene.complaint.number}
    assert count_queries(client, "/api/complaints") == few


def test_the_list_refuses_bad_filters_by_field(scene):
    client = client_for(scene.w.reviewer)
    for query, field in (
        ("state=nonsense", "state"),
        ("overdue=soon", "overdue"),
        ("region=abc", "region"),
        ("team=0", "team"),
    ):
        response = client.get(f"/api/complaints?{query}")
        assert response.status_code == 422, query
        assert field in response.json()["fields"], query


def test_the_accused_unit_gets_nothing(scene):
    client = client_for(scene.accused_reviewer)
    assert client.get("/api/complaints").json()["count"] == 0
    response = client.get(f"/api/complaints/{scene.complaint.pk}")
    assert response.status_code == 404


def test_one_complaint_has_its_clocks_and_actions_and_no_identity(scene):
    body = client_for(scene.w.reviewer).get(f"/api/complaints/{scene.complaint.pk}").json()
    assert body["content"] == scene.complaint.content
    assert body["accused_organization"] == {"id": scene.accused.pk, "name": scene.accused.name}
    clocks = {clock["key"]: clock for clock in body["clocks"]}
    assert clocks["handle"]["due_on"] == str(clock.today() + timedelta(days=60))
    assert clocks["transfer"]["done_on"] == str(clock.today())
    assert body["allowed_actions"] == ["transfer"]
    _no_identity(body)
    for user in (scene.unit_worker, scene.office_viewer, scene.unit_handler):
        body = client_for(user).get(f"/api/complaints/{scene.complaint.pk}").json()
        assert body["allowed_actions"] == []
        _no_identity(body)


def test_create_seals_the_identity_and_does_not_answer_it(scene):
    response = post_json(client_for(scene.w.reviewer), "/api/complaints", entry_json(scene))
    assert response.status_code == 201
    body = response.json()
    _no_identity(body)
    assert body["anonymous"] is False
    assert body["state"] == "registered"
    assert body["number"].startswith("DB20261120")
    complaint = Complaint.objects.get(pk=body["id"])
    sealed = ComplaintIdentity.objects.get(complaint=complaint)
    assert unseal(sealed.key_id, sealed.token).name == COMPLAINANT.name


def test_create_without_identity_is_anonymous(scene):
    payload = {**entry_json(scene), "identity": None}
    body = post_json(client_for(scene.w.reviewer), "/api/complaints", payload).json()
    assert body["anonymous"] is True
    assert not ComplaintIdentity.objects.filter(complaint_id=body["id"]).exists()


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"received_on": "2099-01-01"}, 400, "received_on"),
        ({"received_on": "yesterday"}, 422, "received_on"),
        ({"number": "D3HN202611270001"}, 400, "number"),
        ({"number": "<script>"}, 422, "number"),
        ({"region": "430300"}, 400, "region"),  # 湘潭: outside 株洲's office
        ({"region": "999999"}, 400, "region"),  # no such region
        ({"region": "43"}, 422, "region"),
        ({"accused_name": ""}, 422, "accused_name"),
        ({"content": "   "}, 400, "content"),
        ({"channel": "pigeon"}, 422, "channel"),
        ({"team": 999999}, 400, "team"),
        ({"accused_organization": 999999}, 400, "accused_organization"),
        ({"office": 999999}, 400, "office"),
        ({"batch_number": 0}, 422, "batch_number"),
        ({"identity": {"name": "x" * 101}}, 422, "identity.name"),
    ],
)
def test_create_refuses_bad_input_by_field(scene, change, status, field):
    payload = {**entry_json(scene), **change}
    with nothing_changes():
        response = post_json(client_for(scene.w.reviewer), "/api/complaints", payload)
    assert response.status_code == status, response.content
    assert field in response.json()["fields"]


def test_transfer(scene):
    created = post_json(
        client_for(scene.w.reviewer), "/api/complaints", {**entry_json(scene), "identity": None}
    ).json()
    response = post_json(
        client_for(scene.w.reviewer),
        f"/api/complaints/{created['id']}/transfer",
        {"unit": scene.environment.pk, "note": "请办理"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "transferred"
    assert body["handle_due_on"] == str(clock.today() + timedelta(days=60))
    assert body["acknowledge_due_on"] == str(clock.today() + timedelta(days=15))


@pytest.mark.parametrize(
    ("unit", "status", "code"),
    [
        ("accused", 400, "complaint_transfer_to_accused"),
        ("elsewhere", 400, "complaint_unit_outside_region"),
        ("far", 404, "organization_not_found"),  # another city's unit is not in scope
        (999999, 404, "organization_not_found"),
    ],
)
def test_transfer_refusals_name_the_unit(scene, unit, status, code):
    units = {
        "accused": lambda: scene.accused.pk,
        # 天元区's bureau, which 株洲's office sees: not of 渌口区, where the complaint is.
        "elsewhere": lambda: make_organization("天元区生态环境分局", region="430211").pk,
        "far": lambda: make_organization("湘潭市生态环境局", region="430300").pk,
    }
    pk = units[unit]() if unit in units else unit
    with nothing_changes():
        response = post_json(
            client_for(scene.w.reviewer),
            f"/api/complaints/{scene.complaint.pk}/transfer",
            {"unit": pk},
        )
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert "unit" in response.json()["fields"]
