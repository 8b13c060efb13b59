"""/api/signals, decisions and referrals, and /api/units/{id}/data-quality."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core.models import Event
from duban.verification.choices import SignalKind, SignalStatus
from tests.clients import client_for, post_json
from tests.permissions import changes_since, database_state
from tests.verification.scene import make_signal

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


# Listing


def test_signal_list_is_scoped(scene):
    body = client_for(scene.w.reviewer).get("/api/signals").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["kind"] == "false_reporting"
    assert item["kind_display"] == "报送数据多次与核查结果不符"
    assert item["task"] == {
        "id": scene.w.task.pk,
        "code": "HN-ZZ-01-1",
        "title": "完成老旧管网改造",
    }
    assert item["unit"] == {"id": scene.w.housing.pk, "name": "株洲市住建局"}
    assert item["status"] == "open" and item["referred"] is False
    assert client_for(scene.w.outsider).get("/api/signals").json()["count"] == 0
    assert client_for(scene.far_reviewer).get("/api/signals").json()["count"] == 0


def test_filters_narrow_the_list(scene):
    w = scene.w
    flat = make_signal(w.task, 1, kind=SignalKind.FLAT_SERIES)
    gone = make_signal(w.task, 2, kind=SignalKind.FLAT_SERIES, status=SignalStatus.DISMISSED)
    client = client_for(w.reviewer)
    everything = {scene.signal.pk, flat.pk, gone.pk}
    assert ids(client.get("/api/signals")) == everything
    assert ids(client.get("/api/signals?kind=flat_series")) == {flat.pk, gone.pk}
    assert ids(client.get("/api/signals?kind=flat_series&status=open")) == {flat.pk}
    assert ids(client.get("/api/signals?status=dismissed")) == {gone.pk}
    assert ids(client.get(f"/api/signals?unit={w.housing.pk}")) == everything
    assert ids(client.get(f"/api/signals?unit={w.sibling.pk}")) == set()
    assert ids(client.get(f"/api/signals?task={w.task.pk}")) == everything
    assert ids(client.get("/api/signals?region=430200")) == everything
    assert ids(client.get("/api/signals?region=43")) == everything
    assert ids(client.get("/api/signals?region=430300")) == set()
    assert client.get("/api/signals?limit=1").json()["count"] == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=nonsense", "kind"),
        ("status=closed", "status"),
        ("region=abc", "region"),
        (f"unit={2**64}", "unit"),
        ("task=-1", "task"),
        ("unit=1.5", "unit"),
        ("limit=100000", "limit"),
        ("offset=-3", "offset"),
    ],
)
def test_bad_filters_are_422_with_the_field(scene, query, field):
    response = client_for(scene.w.reviewer).get(f"/api/signals?{query}")
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_signal_list_runs_a_fixed_number_of_queries(scene):
    client = client_for(scene.w.reviewer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/signals").status_code == 200
        return len(captured)

    make_signal(scene.w.task, 1)
    two = queries()
    for number in range(2, 10):
        make_signal(scene.w.task, number)
    assert queries() == two == 5


# One signal


def test_signal_detail(scene):
    response = client_for(scene.w.reviewer).get(f"/api/signals/{scene.signal.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["signal"]["explanation"] == scene.signal.explanation
    evidence = body["evidence"]
    assert [(c["id"], c["version"], c["value"]) for c in evidence["claims"]] == [
        (claim.pk, number, value)
        for claim, number, value in zip(
            scene.claims, [1, 2, 3], ["107.5000", "112.0000", "115.2000"], strict=True
        )
    ]
    verification = evidence["claims"][0]["verifications"][0]
    assert verification["verified_value"] == "8.8400"
    assert verification["method_display"] == "现场测量"
    assert verification["checker"]["name"] == "王晓梅"
    assert evidence["hidden"] == 0


def test_signal_detail_errors(scene):
    pk = scene.signal.pk
    assert client_for(None).get(f"/api/signals/{pk}").status_code == 401
    hidden = client_for(scene.w.outsider).get(f"/api/signals/{pk}")
    assert hidden.status_code == 404 and hidden.json()["code"] == "signal_not_found"
    assert client_for(scene.far_reviewer).get(f"/api/signals/{pk}").status_code == 404
    client = client_for(scene.w.reviewer)
    assert client.get("/api/signals/99999").status_code == 404
    huge = client.get(f"/api/signals/{10**30}")
    assert huge.status_code == 422 and "signal_id" in huge.json()["fields"]
    assert client.get("/api/signals/abc").status_code == 422


# Decisions and referrals


def decide(user, signal, payload=None):
    payload = {"confirm": True, "reason": "三次报送均严重失实"} if payload is None else payload
    return post_json(client_for(user), f"/api/signals/{signal.pk}/decision", payload)


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"confirm": "yes", "reason": "x"}, 422, "confirm"),
        ({"confirm": 1, "reason": "x"}, 422, "confirm"),
        ({"reason": "x"}, 422, "confirm"),
        ({"confirm": True}, 422, "reason"),
        ({"confirm": True, "reason": "x" * 2001}, 422, "reason"),
        ({"confirm": True, "reason": "a\u0000b"}, 422, "reason"),
        ({"confirm": True, "reason": "   "}, 400, "reason"),
        ("[1, 2]", 422, None),
        ("{not json", 400, None),
    ],
)
def test_bad_decisions_never_change_anything(scene, payload, status, field):
    before = database_state()
    response = decide(scene.w.reviewer, scene.signal, payload)
    assert response.status_code == status
    assert set(response.json()) == {"message", "code", "fields"}
    if field:
        assert field in response.json()["fields"]
    assert changes_since(before) == []


def test_confirm_then_refer_writes_exactly_two_events(scene):
    signal, supervisor = scene.signal, scene.supervisor
    before = Event.objects.count()
    response = decide(supervisor, signal)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_display"]) == ("confirmed", "已确认")
    again = decide(supervisor, signal, {"confirm": False, "reason": "改判"})
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    referral = post_json(
        client_for(supervisor), f"/api/signals/{signal.pk}/referral", {"note": "移送"}
    )
    assert referral.status_code == 200 and referral.json()["referred"] is True
    twice = post_json(client_for(supervisor), f"/api/signals/{signal.pk}/referral", {})
    assert twice.status_code == 409
    new = Event.objects.order_by("seq")[before:]
    assert [(e.verb, e.reason) for e in new] == [
        ("signal.confirmed", "三次报送均严重失实"),
        ("signal.referred", "移送"),
    ]


def test_referral_refusals(scene):
    url = f"/api/signals/{scene.signal.pk}/referral"
    before = database_state()
    assert post_json(client_for(None), url, {}).status_code == 401
    assert post_json(client_for(scene.w.reviewer), url, {}).status_code == 409  # still open
    assert post_json(client_for(scene.w.outsider), url, {}).status_code == 404
    assert post_json(client_for(scene.w.reviewer), url, {"note": 5}).status_code == 422
    assert changes_since(before) == []
    decide(scene.supervisor, scene.signal)
    before = database_state()
    denied = post_json(client_for(scene.w.reporter), url, {})
    assert denied.status_code == 403
    assert changes_since(before) == []


# Data quality


def test_data_quality(scene):
    url = f"/api/units/{scene.w.housing.pk}/data-quality"
    assert client_for(None).get(url).status_code == 401
    hidden = client_for(scene.w.outsider).get(url)
    assert hidden.status_code == 404 and hidden.json()["code"] == "unit_not_found"
    assert client_for(scene.w.reviewer).get(f"/api/units/{2**64}/data-quality").status_code == 422
    body = client_for(scene.w.reviewer).get(url).json()
    assert (body["claims"], body["verified"], body["verified_share"]) == (3, 3, 100.0)
    assert body["deviation_buckets"] == [
        {"label": "≤10%", "count": 0},
        {"label": "10–50%", "count": 0},
        {"label": "50–100%", "count": 0},
        {"label": ">100%", "count": 3},
    ]
    assert body["signals"] == [
        {
            "kind": "false_reporting",
            "kind_display": "报送数据多次与核查结果不符",
            "status": "open",
            "status_display": "待处理",
            "count": 1,
        }
    ]


READ = {400, 401, 403, 404, 422, 429, 500, 503}
WRITE = READ | {409, 413}
# path -> method -> (success status, error statuses)
VERIFICATION_PATHS = {
    "/api/site-checks": {"get": (200, READ), "post": (201, WRITE)},
    "/api/claims/{claim_id}/verifications": {"get": (200, READ), "post": (201, WRITE)},
    "/api/signals": {"get": (200, READ)},
    "/api/signals/{signal_id}": {"get": (200, READ)},
    "/api/signals/{signal_id}/decision": {"post": (200, WRITE)},
    "/api/signals/{signal_id}/referral": {"post": (200, WRITE)},
    "/api/units/{unit_id}/data-quality": {"get": (200, READ)},
}


def test_openapi_declares_every_status_with_the_error_shape(db):
    document = client_for(None).get("/api/openapi.json").json()
    for path, operations in VERIFICATION_PATHS.items():
        for method, (success, errors) in operations.items():
            declared = document["paths"][path][method]["responses"]
            assert {int(code) for code in declared} == {success} | errors, (path, method)
            for code in errors:
                schema = declared[str(code)]["content"]["application/json"]["schema"]
                assert schema["$ref"].endswith("/ErrorOut"), (path, method, code)
