"""/api/notices and /api/investigations in scope, bad input, query counts (who may call them:
tests/supervision/test_permissions.py).

In scope → 200/201; bad input → 422 with the field's name; denied calls change nothing;
never a 500.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.supervision.choices import NoticeLevel
from duban.supervision.services import investigation_conclude, investigation_open, notice_issue
from tests.clients import client_for, post_json
from tests.images import photo
from tests.permissions import changes_since, database_state
from tests.supervision.scene import FINDINGS, investigation_in, notice_in

pytestmark = pytest.mark.django_db


# In scope


def test_notice_lifecycle_through_the_api(scene):
    w = scene.w
    reviewer, reporter = client_for(w.reviewer), client_for(w.reporter)
    created = post_json(reviewer, "/api/notices", notice_in(scene))
    assert created.status_code == 201, created.content
    body = created.json()
    year = clock.today().year
    assert body["number"] == f"株洲市整改办〔{year}〕2号"
    assert (body["level"], body["level_display"], body["state"]) == ("reminder", "提醒", "issued")
    assert body["target"] == {"id": w.housing.pk, "name": "株洲市住建局"}
    assert [task["code"] for task in body["tasks"]] == ["HN-ZZ-01-1"]
    assert body["allowed_actions"] == []  # the issuer answers nothing
    notice_id = body["id"]
    assert reporter.get(f"/api/notices/{notice_id}").json()["allowed_actions"] == ["response"]
    evidence = attachment_store(actor=w.reporter, name="照片.jpg", content=photo(seed=9))
    answered = post_json(
        reporter,
        f"/api/notices/{notice_id}/response",
        {"response": "已加派力量", "evidence": [evidence.pk]},
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["state"] == "responded"
    assert [a["sha256"] for a in answered.json()["response_evidence"]] == [evidence.sha256]
    again = post_json(reporter, f"/api/notices/{notice_id}/response", {"response": "再答"})
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    closed = post_json(reviewer, f"/api/notices/{notice_id}/closure", {"note": "整改到位"})
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert closed.json()["state_display"] == "已办结"
    docx = reporter.get(f"/api/notices/{notice_id}/docx")
    assert docx.status_code == 200
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_someone_elses_evidence_cannot_be_cited(scene):
    other = attachment_store(actor=scene.w.reviewer, name="x.jpg", content=photo(seed=11))
    before = database_state()
    response = post_json(
        client_for(scene.w.reporter),
        f"/api/notices/{scene.notice.pk}/response",
        {"response": "已整改", "evidence": [other.pk]},
    )
    assert response.status_code == 404
    assert "evidence" in response.json()["fields"]
    assert changes_since(before) == []


def test_notice_to_a_unit_not_on_the_task_is_refused(scene):
    before = database_state()
    body = {**notice_in(scene), "target": scene.w.sibling.pk}
    response = post_json(client_for(scene.w.reviewer), "/api/notices", body)
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"target"}
    assert changes_since(before) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"level": "warning"}, "level"),
        ({"tasks": []}, "tasks"),
        ({"tasks": [0]}, "tasks.0"),
        ({"tasks": [2**64]}, "tasks.0"),
        ({"issuer": "x"}, "issuer"),
        ({"demands": ""}, "demands"),
        ({"demands": "a\x00b"}, "demands"),
        ({"demands": "x" * 20001}, "demands"),
        ({"due_on": "2026-13-01"}, "due_on"),
    ],
)
def test_bad_notice_input_is_422_with_the_field(scene, change, field):
    before = database_state()
    body = {**notice_in(scene), **change}
    response = post_json(client_for(scene.w.reviewer), "/api/notices", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert changes_since(before) == []


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/notices?level=nonsense", "level"),
        ("/api/notices?state=open", "state"),
        ("/api/notices?issuer=-1", "issuer"),
        (f"/api/notices?target={2**64}", "target"),
        ("/api/notices?limit=100000", "limit"),
        ("/api/investigations?state=closed", "state"),
        ("/api/investigations?problem=" + "X" * 40, "problem"),
    ],
)
def test_bad_filters_are_422(scene, path, field):
    response = client_for(scene.supervisor).get(path)
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_unknown_ids_are_404_json(scene):
    client = client_for(scene.supervisor)
    for path in ("/api/notices/999999", "/api/investigations/999999"):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["code"].endswith("not_found")
    response = post_json(client, "/api/investigations/999999/findings", {"findings": "x"})
    assert response.status_code == 404
    response = post_json(client, "/api/notices/abc/closure", {"note": ""})
    assert response.status_code == 404


def test_notice_list_filters_and_scope(scene):
    w = scene.w
    notice_issue(
        actor=w.reviewer,
        issuer=w.office,
        target=w.housing,
        tasks=[w.task],
        level=NoticeLevel.REMINDER,
        demands="提醒",
        due_on=clock.today() + timedelta(days=3),
    )
    client = client_for(w.reviewer)

    def count(query: str = "") -> int:
        response = client.get(f"/api/notices{query}")
        assert response.status_code == 200
        return int(response.json()["count"])

    assert count() == 2
    assert count("?level=reminder") == 1
    assert count("?state=issued") == 2
    assert count(f"?target={w.housing.pk}") == 2
    assert count(f"?target={w.sibling.pk}") == 0
    assert count(f"?task={w.task.pk}") == 2
    assert client_for(w.reporter).get("/api/notices").json()["count"] == 2
    assert client_for(w.outsider).get("/api/notices").json()["count"] == 0
    assert client_for(scene.far_reviewer).get("/api/notices").json()["count"] == 0


def test_notice_list_runs_a_fixed_number_of_queries(scene):
    w = scene.w
    client = client_for(w.reviewer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/notices").status_code == 200
        return len(captured)

    one = queries()
    for _ in range(5):
        notice_issue(
            actor=w.reviewer,
            issuer=w.office,
            target=w.housing,
            tasks=[w.task],
            level=NoticeLevel.REMINDER,
            demands="提醒",
            due_on=clock.today() + timedelta(days=3),
        )
    assert queries() == one


def test_investigation_through_the_api(scene):
    client = client_for(scene.supervisor)
    listing = client.get("/api/investigations").json()
    assert listing["count"] == 1
    assert listing["items"][0]["findings"] == FINDINGS
    assert client_for(scene.far_supervisor).get("/api/investigations").json()["count"] == 0
    duplicate = post_json(client, "/api/investigations", investigation_in(scene))
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "investigation_open")
    stranger = post_json(
        client, "/api/investigations", {**investigation_in(scene), "team": [2**40]}
    )
    assert stranger.status_code == 404 and "team" in stranger.json()["fields"]
    path = f"/api/investigations/{scene.investigation.pk}"
    assert post_json(client, f"{path}/findings", {"findings": "补充"}).json()["findings"] == "补充"
    concluded = post_json(client, f"{path}/conclusion", {"outcome": "移送问责"})
    assert concluded.status_code == 200
    assert (concluded.json()["state"], concluded.json()["allowed_actions"]) == ("concluded", [])
    late = post_json(client, f"{path}/findings", {"findings": "晚了"})
    assert late.status_code == 409
    reopened = post_json(client, "/api/investigations", investigation_in(scene))
    assert reopened.status_code == 201, reopened.content
    assert reopened.json()["team"][0]["name"] == "李办案"


def test_investigation_list_runs_a_fixed_number_of_queries(scene):
    client = client_for(scene.supervisor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/investigations").status_code == 200
        return len(captured)

    one = queries()
    for _ in range(3):
        investigation_conclude(
            actor=scene.supervisor, investigation_id=scene.investigation.pk, outcome="结"
        )
        scene.investigation = investigation_open(
            actor=scene.supervisor,
            problem=scene.w.problem,
            commission=scene.commission,
            team=[scene.investigator],
            plan="又查",
        )
    assert queries() == one


def test_bad_investigation_input_is_422(scene):
    client = client_for(scene.supervisor)
    for change, field in [
        ({"team": []}, "team"),
        ({"plan": ""}, "plan"),
        ({"problem": ""}, "problem"),
        ({"commission": 0}, "commission"),
    ]:
        response = post_json(client, "/api/investigations", {**investigation_in(scene), **change})
        assert response.status_code == 422, (change, response.content)
        assert field in response.json()["fields"]
    response = post_json(client, "/api/investigations", "{not json")
    assert response.status_code in (400, 422)


def test_openapi_documents_the_supervision_operations(scene):
    schema = client_for(scene.w.reviewer).get("/api/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/notices",
        "/api/notices/{notice_id}",
        "/api/notices/{notice_id}/response",
        "/api/notices/{notice_id}/closure",
        "/api/notices/{notice_id}/docx",
        "/api/investigations",
        "/api/investigations/{investigation_id}",
        "/api/investigations/{investigation_id}/findings",
        "/api/investigations/{investigation_id}/conclusion",
    ):
        assert path in paths
