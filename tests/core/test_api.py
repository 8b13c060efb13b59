"""API contract: auth, the error shape, bad input never a 500, regions, tokens, OpenAPI."""

from __future__ import annotations

import pytest
from django.test import Client

from duban.cli import main as duban
from duban.core.models import ApiToken, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter_client(counties) -> Client:
    client = Client()
    client.force_login(counties.lukou_reporter)
    return client


def test_anonymous_api_call_is_401_json(db):
    response = Client().get("/api/organizations")
    assert response.status_code == 401
    assert response.json() == {
        "message": "authentication required",
        "code": "unauthenticated",
        "fields": {},
    }


def test_unknown_region_code_is_404_json(reporter_client):
    response = reporter_client.get("/api/regions/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "region_not_found"


@pytest.mark.parametrize(
    ("path", "status", "field"),
    [
        ("/api/organizations/abc", 404, None),
        ("/api/people/1e5", 404, None),
        ("/api/organizations/99999999999999999999999", 404, None),
        ("/api/regions/" + "1" * 13, 422, "code"),
        ("/api/organizations?q=" + "长" * 101, 422, "q"),
        ("/api/organizations?kind=planet", 422, "kind"),
        ("/api/people?organization=abc", 422, "organization"),
        ("/api/regions?limit=-5", 422, "limit"),
        ("/api/events/core.organization/" + "9" * 65, 422, "subject_id"),
        ("/api/events/nonsense.model/1", 404, None),
        ("/api/events/core.organization/abc", 404, None),
    ],
)
def test_bad_input_gets_4xx_json_never_500(reporter_client, path, status, field):
    response = reporter_client.get(path)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"message", "code", "fields"}
    if field:
        assert field in body["fields"]


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "", "organization": 1},
        {"name": "x" * 65, "organization": 1},
        {"name": "甲", "organization": "abc"},
        {"organization": 1},
        "not json",
    ],
)
def test_bad_body_is_422_with_field_messages(reporter_client, payload):
    response = reporter_client.post("/api/people", payload, content_type="application/json")
    assert response.status_code in (400, 422)
    assert set(response.json()) == {"message", "code", "fields"}


def test_region_search_by_name_and_code(reporter_client):
    by_name = reporter_client.get("/api/regions?q=太谷").json()
    assert [(r["code"], r["name"]) for r in by_name["items"]] == [("140703", "太谷区")]
    by_code = reporter_client.get("/api/regions?q=430212").json()
    assert by_code["items"][0]["name"] == "渌口区"


def test_region_tree_walk(reporter_client):
    provinces = reporter_client.get("/api/regions?parent=&limit=100").json()
    assert provinces["count"] == 34
    zhuzhou = reporter_client.get("/api/regions/430200").json()
    assert [r["name"] for r in zhuzhou["path"]] == ["湖南省"]
    assert "渌口区" in {child["name"] for child in zhuzhou["children"]}
    lukou = reporter_client.get("/api/regions/430212").json()
    assert [r["name"] for r in lukou["path"]] == ["湖南省", "株洲市"]


def test_me_shows_memberships(reporter_client):
    me = reporter_client.get("/api/me").json()
    assert me["username"] == "lukou"
    assert [(m["organization"]["name"], m["role"]) for m in me["memberships"]] == [
        ("渌口区住建局", "reporter")
    ]


def test_token_from_cli_authenticates(counties, capsys):
    assert duban(["token", "create", "lukou", "--name", "script"]) == 0
    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=counties.lukou_reporter)
    assert token.key_hash != secret and secret.startswith(token.prefix)
    assert (
        Event.objects.filter(
            verb="token.created", subject_id=str(counties.lukou_reporter.pk)
        ).count()
        == 1
    )
    response = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200 and response.json()["username"] == "lukou"
    assert Client().get("/api/me", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_token_for_unknown_user_is_refused(db, capsys):
    assert duban(["token", "create", "nobody"]) == 2
    assert "nobody" in capsys.readouterr().err


def test_openapi_document_and_offline_docs(db):
    schema = Client().get("/api/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/regions", "/api/organizations", "/api/people", "/api/me"} <= set(paths)
    docs = Client().get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs


@pytest.mark.parametrize(
    "path",
    [
        "/api/organizations?offset=99999999999999999999999",
        "/api/regions?limit=100000",
        "/api/people?q=%00",
        "/api/people?organization=99999999999999999999999",
    ],
)
def test_pagination_and_text_are_bounded(reporter_client, path):
    response = reporter_client.get(path)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
