"""What the read endpoints answer: lists and filters, task detail, reports with claims and
files, statistics, the inbox, and the OpenAPI document (problems: tests/inspections)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from duban.rectification.services import report_submit, scan
from tests.clients import client_for, post_json
from tests.factories import make_user
from tests.rectification.cast import PDF, drive, drive_to_completed, evidence_for

pytestmark = pytest.mark.django_db


def test_task_list_filters_and_scope(cast):
    w = cast.w
    reviewer = client_for(w.reviewer)
    listed = reviewer.get("/api/tasks").json()
    assert listed["count"] == 1
    row = listed["items"][0]
    assert (row["code"], row["state"], row["lead_unit"]["name"]) == (
        "HN-ZZ-01-1",
        "assigned",
        "株洲市住建局",
    )
    assert row["responsible_person"] == {"id": w.responsible.pk, "name": "周建国", "post": "局长"}
    for query, count in [
        ("state=assigned", 1),
        ("state=closed", 0),
        (f"lead_unit={w.housing.pk}", 1),
        (f"lead_unit={w.sibling.pk}", 0),
        ("q=管网", 1),
        ("q=HN-ZZ", 1),
        ("q=<b>", 0),
        ("region=430200", 1),
        ("region=430300", 0),
        ("plan=ZZ-2021", 1),
        ("warning_level=green", 1),
        ("schedule_status=overdue", 0),
    ]:
        assert reviewer.get(f"/api/tasks?{query}").json()["count"] == count, query
    assert client_for(w.outsider).get("/api/tasks").json() == {"items": [], "count": 0}
    assert client_for(w.outsider).get(f"/api/tasks/{w.task.pk}").status_code == 404


def test_task_detail_lists_the_moves_the_caller_may_make(cast):
    w = cast.w
    detail = client_for(w.reporter).get(f"/api/tasks/{w.task.pk}").json()
    assert detail["allowed_actions"] == [
        {
            "action": "acknowledge",
            "target_state": "acknowledged",
            "needs_reason": False,
            "path": f"/api/tasks/{w.task.pk}/transitions",
        }
    ]
    assert detail["plan"] == "ZZ-2021" and detail["measures"] == "排查并改造"
    assert detail["deadline"] == w.task.deadline.isoformat()
    assert client_for(w.reviewer).get(f"/api/tasks/{w.task.pk}").json()["allowed_actions"] == []
    drive_to_completed(w)
    by_reporter = client_for(w.reporter).get(f"/api/tasks/{w.task.pk}").json()
    assert [(a["action"], a["path"].rsplit("/", 1)[1]) for a in by_reporter["allowed_actions"]] == [
        ("request_closure", "closure-requests")
    ]
    by_reviewer = client_for(w.reviewer).get(f"/api/tasks/{w.task.pk}").json()
    assert [(a["action"], a["needs_reason"]) for a in by_reviewer["allowed_actions"]] == [
        ("return", True)
    ]


def test_reports_list_carries_claims_and_file_metadata(cast):
    w = cast.w
    evidence = evidence_for(w.reporter)
    drive(w, "acknowledge")
    response = post_json(
        client_for(w.reporter),
        f"/api/tasks/{w.task.pk}/reports",
        {
            "narrative": "开工",
            "percent": 10,
            "claims": [{"metric": "管网改造长度", "unit": "公里", "value": 42.3}],
            "attachments": [evidence.pk],
        },
    )
    assert response.status_code == 201, response.content
    listed = client_for(w.reviewer).get(f"/api/tasks/{w.task.pk}/reports").json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["claims"][0]["value"] == "42.3000" and item["claims"][0]["version"] == 1
    assert item["attachments"] == [
        {
            "id": evidence.pk,
            "sha256": evidence.sha256,
            "size": len(PDF),
            "content_type": "application/pdf",
            "original_name": "验收材料.pdf",
            "uploaded_at": item["attachments"][0]["uploaded_at"],
        }
    ]
    assert client_for(w.outsider).get(f"/api/tasks/{w.task.pk}/reports").status_code == 404


def test_upload_answers_with_metadata_and_same_bytes_give_same_file(cast):
    w = cast.w

    def upload(user):
        file = SimpleUploadedFile("现场.pdf", PDF, content_type="application/pdf")
        return client_for(user).post("/api/attachments", {"file": file})

    first = upload(w.reporter)
    assert first.status_code == 201
    body = first.json()
    assert (body["size"], body["content_type"], body["original_name"]) == (
        len(PDF),
        "application/pdf",
        "现场.pdf",
    )
    assert upload(w.reporter).json()["id"] == body["id"]


def test_attachment_ids_must_be_citable_by_the_caller(cast):
    w = cast.w
    colleague = make_user("colleague", organization=w.housing)
    drive(w, "acknowledge")
    own = evidence_for(w.reporter, name="own.pdf")
    path = f"/api/tasks/{w.task.pk}/reports"

    def report_citing(user, attachment_id):
        body = {"narrative": "进展", "percent": 20, "attachments": [attachment_id]}
        return post_json(client_for(user), path, body)

    # Uploaded by someone else and attached to nothing: not citable.
    refused = report_citing(colleague, own.pk)
    assert refused.status_code == 404
    assert refused.json()["fields"] == {"attachments": f"unknown or not yours to cite: {own.pk}"}
    # Once attached to a report of a task the colleague sees, it is.
    assert report_citing(w.reporter, own.pk).status_code == 201
    assert report_citing(colleague, own.pk).status_code == 201
    # The same bytes uploaded by a second user give that user a record of their own: the
    # first upload stays uncitable (issue 16 item 5), the second user's own record is citable.
    foreign = evidence_for(w.outsider, content=PDF + b"%other\n", name="theirs.pdf")
    assert report_citing(w.reporter, foreign.pk).status_code == 404
    again = client_for(w.reporter).post(
        "/api/attachments",
        {"file": SimpleUploadedFile("mine.pdf", PDF + b"%other\n", content_type="application/pdf")},
    )
    assert again.json()["id"] != foreign.pk
    assert report_citing(w.reporter, foreign.pk).status_code == 404
    assert report_citing(w.reporter, again.json()["id"]).status_code == 201


def test_uploading_a_commissions_file_discloses_nothing(cast):
    """Issue 16 item 5: a unit reporter who uploads the bytes of the office's internal file
    gets a new attachment of their own — not the office's id, name or upload time."""
    w = cast.w
    drive(w, "acknowledge")
    internal = evidence_for(w.reviewer, content=PDF + b"%internal\n", name="内部督查报告.pdf")
    answer = client_for(w.reporter).post(
        "/api/attachments",
        {"file": SimpleUploadedFile("x.pdf", PDF + b"%internal\n", content_type="application/pdf")},
    )
    assert answer.status_code == 201
    body = answer.json()
    assert body["id"] != internal.pk
    assert body["original_name"] == "x.pdf"
    assert "内部督查报告" not in answer.content.decode()
    assert body["sha256"] == internal.sha256  # the caller sent these bytes: no news to them
    # The office's record is neither downloadable nor citable by the reporter.
    assert client_for(w.reporter).get(f"/attachments/{internal.pk}/").status_code == 404
    cited = post_json(
        client_for(w.reporter),
        f"/api/tasks/{w.task.pk}/reports",
        {"narrative": "进展", "percent": 20, "attachments": [internal.pk]},
    )
    assert cited.status_code == 404
    # The same reporter uploading the same bytes again gets their own record back.
    repeat = client_for(w.reporter).post(
        "/api/attachments",
        {"file": SimpleUploadedFile("y.pdf", PDF + b"%internal\n", content_type="application/pdf")},
    )
    assert repeat.json()["id"] == body["id"]


def test_statistics_in_the_published_form(cast):
    w = cast.w
    reviewer = client_for(w.reviewer)
    summary = reviewer.get("/api/stats/summary?plan=ZZ-2021").json()
    assert (summary["problems"], summary["completed"], summary["on_schedule"]) == (1, 0, 1)
    assert summary["sentence"].startswith("反馈问题1个")
    assert reviewer.get(f"/api/stats/summary?unit={w.housing.pk}").json()["problems"] == 1
    assert reviewer.get("/api/stats/summary?region=430300").json()["problems"] == 0
    by_region = reviewer.get("/api/stats/by-region").json()
    assert [(r["key"], r["label"], r["summary"]["problems"]) for r in by_region] == [
        ("430200", "株洲市", 1)
    ]
    by_unit = reviewer.get("/api/stats/by-unit?plan=ZZ-2021").json()
    assert [(r["label"], r["summary"]["problems"]) for r in by_unit] == [("株洲市住建局", 1)]
    by_plan = reviewer.get("/api/stats/by-plan").json()
    assert [(r["key"], r["summary"]["problems"]) for r in by_plan] == [("ZZ-2021", 1)]
    assert client_for(cast.far_reviewer).get("/api/stats/summary").json()["problems"] == 0
    refused = client_for(cast.far_reviewer).get(f"/api/stats/summary?unit={w.housing.pk}")
    assert refused.status_code == 404 and "unit" in refused.json()["fields"]


def test_inbox_shows_notifications_and_open_tasks(cast):
    w = cast.w
    with override_settings(DUBAN_TODAY=w.task.deadline - timedelta(days=3)):
        scan()
    inbox = client_for(w.reporter).get("/api/inbox").json()
    assert inbox["unread"] == len(inbox["notifications"]) >= 1
    assert inbox["notifications"][0]["task_code"] == "HN-ZZ-01-1"
    assert (inbox["task_count"], [t["code"] for t in inbox["tasks"]]) == (1, ["HN-ZZ-01-1"])
    first = inbox["notifications"][0]["id"]
    assert client_for(w.reporter).post(f"/api/notifications/{first}/read").status_code == 204
    assert client_for(w.reporter).get("/api/inbox").json()["unread"] == inbox["unread"] - 1
    assert client_for(w.outsider).get("/api/inbox").json() == {
        "unread": 0,
        "notifications": [],
        "task_count": 0,
        "tasks": [],
    }


def test_plans_list(cast):
    plans = client_for(cast.w.reporter).get("/api/plans").json()
    assert [(p["code"], p["region"], p["office"]) for p in plans["items"]] == [
        ("ZZ-2021", "430200", cast.w.office.pk)
    ]
    assert client_for(cast.far_reviewer).get("/api/plans").json()["count"] == 0


def test_report_submitted_through_service_shows_in_api(cast):
    w = cast.w
    report_submit(actor=w.reporter, task_id=w.task.pk, narrative="服务", percent=5)
    assert client_for(w.reporter).get(f"/api/tasks/{w.task.pk}/reports").json()["count"] == 1


WORKFLOW_PATHS = {
    "/api/plans": {"get": {401}},
    "/api/problems": {"get": {401, 422}},
    "/api/problems/{code}": {"get": {401, 404, 422}},
    "/api/tasks": {"get": {401, 422}},
    "/api/tasks/{task_id}": {"get": {401, 404}},
    "/api/tasks/{task_id}/transitions": {"post": {400, 401, 403, 404, 409, 422}},
    "/api/tasks/{task_id}/reports": {
        "get": {401, 404, 422},
        "post": {400, 401, 403, 404, 409, 422},
    },
    "/api/attachments": {"post": {400, 401, 403, 422}},
    "/api/tasks/{task_id}/closure-requests": {"post": {400, 401, 403, 404, 409, 422}},
    "/api/tasks/{task_id}/acceptance": {"post": {400, 401, 403, 404, 409, 422}},
    "/api/tasks/{task_id}/staged-acceptance": {"post": {400, 401, 403, 404, 409, 422}},
    "/api/tasks/{task_id}/extensions": {"post": {400, 401, 403, 404, 409, 422}},
    "/api/extensions/{extension_id}/decision": {"post": {400, 401, 403, 404, 409, 422}},
    "/api/tasks/{task_id}/look-backs": {"post": {400, 401, 403, 404, 409, 422}},
    "/api/stats/summary": {"get": {401, 404, 422}},
    "/api/stats/by-region": {"get": {401, 422}},
    "/api/stats/by-unit": {"get": {401, 422}},
    "/api/stats/by-plan": {"get": {401}},
    "/api/inbox": {"get": {401}},
    "/api/notifications/{notification_id}/read": {"post": {401, 404}},
}


def test_openapi_lists_the_workflow_paths_with_their_error_codes(db):
    document = client_for(None).get("/api/openapi.json").json()
    for path, operations in WORKFLOW_PATHS.items():
        assert path in document["paths"], path
        for method, errors in operations.items():
            declared = document["paths"][path][method]["responses"]
            codes = {int(code) for code in declared}
            assert errors <= codes, (path, method, codes)
            for code in errors:
                schema = declared[str(code)]["content"]["application/json"]["schema"]
                assert schema["$ref"].endswith("/ErrorOut"), (path, method, code)


@pytest.mark.parametrize(
    ("name", "stored"), [("x\x00.pdf", "x.pdf"), ("../../etc/passwd.pdf", "passwd.pdf")]
)
def test_upload_names_reach_storage_without_nul_or_path(cast, name, stored):
    file = SimpleUploadedFile(name, PDF + name.encode(), content_type="application/pdf")
    response = client_for(cast.w.reporter).post("/api/attachments", {"file": file})
    assert response.status_code == 201
    assert response.json()["original_name"] == stored
