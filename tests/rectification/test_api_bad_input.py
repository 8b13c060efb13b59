"""Bad input to every workflow endpoint: a 4xx in the error shape naming the field, never a
500, and nothing changed. Text is stored exactly as given and comes back as JSON data."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.core.models import Event
from duban.rectification.models import ExtensionRequest, LookBack, ProgressReport
from duban.rectification.services import extension_request
from tests.clients import client_for, post_json
from tests.rectification.cast import PDF, Cast, drive_to_publicized

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999999"

GETS = [
    ("/api/tasks?lead_unit=abc", 422, "lead_unit"),
    (f"/api/tasks?lead_unit={HUGE}", 422, "lead_unit"),
    ("/api/tasks?lead_unit=-3", 422, "lead_unit"),
    ("/api/tasks?state=flying", 422, "state"),
    ("/api/tasks?warning_level=purple", 422, "warning_level"),
    ("/api/tasks?schedule_status=1", 422, "schedule_status"),
    ("/api/tasks?region=%3Cscript%3E", 422, "region"),
    ("/api/tasks?q=" + "长" * 101, 422, "q"),
    ("/api/tasks?q=%00", 422, "q"),
    ("/api/tasks?plan=" + "P" * 33, 422, "plan"),
    ("/api/tasks?limit=0", 422, "limit"),
    ("/api/tasks?limit=abc", 422, "limit"),
    ("/api/tasks?offset=-1", 422, "offset"),
    (f"/api/tasks?offset={HUGE}", 422, "offset"),
    (f"/api/tasks?limit={HUGE}", 422, "limit"),
    ("/api/tasks/abc", 404, None),
    ("/api/tasks/-1", 404, None),
    (f"/api/tasks/{HUGE}", 404, None),
    (f"/api/tasks/{HUGE}/reports", 404, None),
    ("/api/tasks/{task}/reports?offset=abc", 422, "offset"),
    ("/api/problems?team=abc", 422, "team"),
    ("/api/problems?source=rumour", 422, "source"),
    ("/api/problems?category=x", 422, "category"),
    ("/api/problems?status=x", 422, "status"),
    ("/api/problems?region=abc", 422, "region"),
    ("/api/problems/" + "X" * 33, 422, "code"),
    ("/api/problems/%00", 422, "code"),
    ("/api/problems/NO-SUCH", 404, None),
    ("/api/problems/%3Cscript%3E", 404, None),
    ("/api/plans?limit=100000", 422, "limit"),
    ("/api/stats/summary?unit=abc", 422, "unit"),
    ("/api/stats/summary?unit=999999", 404, "unit"),
    ("/api/stats/summary?region=4302001", 422, "region"),
    ("/api/stats/summary?plan=%00", 422, "plan"),
    ("/api/stats/by-region?plan=" + "P" * 33, 422, "plan"),
    ("/api/stats/by-unit?plan=%00", 422, "plan"),
]

REPORT = "/api/tasks/{task}/reports"
CLAIM = {"metric": "管网改造长度", "unit": "公里", "value": "42.3"}


def report(**changes: Any) -> dict[str, Any]:
    return {"narrative": "开工", "percent": 10, **changes}


def claim(**changes: Any) -> dict[str, Any]:
    return report(claims=[{**CLAIM, **changes}])


ACCEPTANCE = "/api/tasks/{task}/acceptance"


def acceptance(**changes: Any) -> dict[str, Any]:
    good = {"acceptance_unit": "{office}", "signer": "{signer}", "tests": {}, "notice_days": 7}
    return {**good, **changes}


# (actor, path, body, status, field); "{task}" and the like are filled in per test.
POSTS = [
    ("w.reporter", "/api/tasks/{task}/transitions", {"action": "fly"}, 400, "action"),
    ("w.reporter", "/api/tasks/{task}/transitions", {"action": "accept"}, 400, "action"),
    ("w.reporter", "/api/tasks/{task}/transitions", {"action": 5}, 422, "action"),
    ("w.reporter", "/api/tasks/{task}/transitions", {}, 422, "action"),
    ("w.reporter", "/api/tasks/{task}/transitions", {"action": "a" * 33}, 422, "action"),
    ("w.reporter", "/api/tasks/{task}/transitions", {"action": "acknowledge\u0000"}, 422, "action"),
    (
        "w.reporter",
        "/api/tasks/{task}/transitions",
        {"action": "acknowledge", "reason": "x" * 2001},
        422,
        "reason",
    ),
    ("w.reporter", "/api/tasks/{task}/transitions", "not json", 400, None),
    ("w.reporter", f"/api/tasks/{HUGE}/transitions", {"action": "acknowledge"}, 404, None),
    ("w.reporter", REPORT, report(percent="ten"), 422, "percent"),
    ("w.reporter", REPORT, report(percent="50"), 422, "percent"),
    ("w.reporter", REPORT, report(percent=-1), 422, "percent"),
    ("w.reporter", REPORT, report(percent=101), 422, "percent"),
    ("w.reporter", REPORT, report(percent=10**30), 422, "percent"),
    ("w.reporter", REPORT, report(percent=5.5), 422, "percent"),
    ("w.reporter", REPORT, report(percent=None), 422, "percent"),
    ("w.reporter", REPORT, {"percent": 5}, 422, "narrative"),
    ("w.reporter", REPORT, report(narrative="x" * 20001), 422, "narrative"),
    ("w.reporter", REPORT, report(narrative="a\u0000b"), 422, "narrative"),
    ("w.reporter", REPORT, '{"narrative": "\\ud800", "percent": 5}', 422, "narrative"),
    ("w.reporter", REPORT, report(period_day="2021-13-01"), 422, "period_day"),
    ("w.reporter", REPORT, report(period_day="2021-02-30"), 422, "period_day"),
    ("w.reporter", REPORT, report(period_day="yesterday"), 422, "period_day"),
    ("w.reporter", REPORT, report(period_day="2099-01-01"), 400, "period_day"),
    ("w.reporter", REPORT, claim(value="abc"), 422, "claims.0.value"),
    ("w.reporter", REPORT, claim(value="NaN"), 422, "claims.0.value"),
    ("w.reporter", REPORT, claim(value="-Infinity"), 422, "claims.0.value"),
    ("w.reporter", REPORT, claim(value="1e400"), 422, "claims.0.value"),
    ("w.reporter", REPORT, claim(value=10**13), 422, "claims.0.value"),
    ("w.reporter", REPORT, claim(value="0.00001"), 422, "claims.0.value"),
    ("w.reporter", REPORT, claim(value=None), 422, "claims.0.value"),
    ("w.reporter", REPORT, claim(metric=""), 422, "claims.0.metric"),
    ("w.reporter", REPORT, claim(metric="m" * 101), 422, "claims.0.metric"),
    ("w.reporter", REPORT, claim(unit="u" * 21), 422, "claims.0.unit"),
    ("w.reporter", REPORT, claim(is_cumulative="yes"), 422, "claims.0.is_cumulative"),
    ("w.reporter", REPORT, report(claims=[CLAIM, CLAIM]), 400, "claims.1.metric"),
    ("w.reporter", REPORT, report(claims=[CLAIM] * 51), 422, "claims"),
    ("w.reporter", REPORT, report(claims="many"), 422, "claims"),
    ("w.reporter", REPORT, report(attachments=["x"]), 422, "attachments.0"),
    ("w.reporter", REPORT, report(attachments=[0]), 422, "attachments.0"),
    ("w.reporter", REPORT, report(attachments=[2**70]), 422, "attachments.0"),
    ("w.reporter", REPORT, report(attachments=[999999]), 404, "attachments"),
    (
        "w.reporter",
        "/api/tasks/{task}/closure-requests",
        {"summary": "x", "evidence": "abc"},
        422,
        "evidence",
    ),
    (
        "w.reporter",
        "/api/tasks/{task}/closure-requests",
        {"summary": "x", "evidence": [999999]},
        404,
        "evidence",
    ),
    ("w.reporter", "/api/tasks/{task}/closure-requests", {"evidence": []}, 422, "summary"),
    ("w.reviewer", ACCEPTANCE, acceptance(acceptance_unit="abc"), 422, "acceptance_unit"),
    ("w.reviewer", ACCEPTANCE, acceptance(acceptance_unit=999999), 404, "acceptance_unit"),
    ("w.reviewer", ACCEPTANCE, acceptance(signer=2**70), 422, "signer"),
    ("w.reviewer", ACCEPTANCE, acceptance(signer=999999), 404, "signer"),
    ("w.reviewer", ACCEPTANCE, acceptance(tests="all good"), 422, "tests"),
    (
        "w.reviewer",
        ACCEPTANCE,
        acceptance(tests={"measures_done": {"passed": "yes"}}),
        422,
        "tests.measures_done.passed",
    ),
    ("w.reviewer", ACCEPTANCE, acceptance(notice_days=1000), 422, "notice_days"),
    ("w.reviewer", ACCEPTANCE, acceptance(notice_days=0), 422, "notice_days"),
    (
        "w.reporter",
        "/api/tasks/{task}/extensions",
        {"new_deadline": "2021-13-01", "reason": "x"},
        422,
        "new_deadline",
    ),
    (
        "w.reporter",
        "/api/tasks/{task}/extensions",
        {"new_deadline": "next week", "reason": "x"},
        422,
        "new_deadline",
    ),
    ("w.reporter", "/api/tasks/{task}/extensions", {"new_deadline": "2030-01-01"}, 422, "reason"),
    (
        "w.reporter",
        "/api/tasks/{task}/extensions",
        {"new_deadline": "2000-01-01", "reason": "x"},
        400,
        "new_deadline",
    ),
    ("w.reviewer", "/api/extensions/999999/decision", {"approve": True}, 404, None),
    ("w.reviewer", f"/api/extensions/{HUGE}/decision", {"approve": True}, 404, None),
    ("w.reviewer", "/api/extensions/{extension}/decision", {"approve": "maybe"}, 422, "approve"),
    ("w.reviewer", "/api/extensions/{extension}/decision", {"approve": False}, 400, "note"),
    ("w.reviewer", "/api/extensions/{extension}/decision", {"note": "?"}, 422, "approve"),
    (
        "w.reviewer",
        "/api/tasks/{task}/look-backs",
        {"findings": "x", "relapsed": "no"},
        422,
        "relapsed",
    ),
    (
        "w.reviewer",
        "/api/tasks/{task}/look-backs",
        {"findings": "x", "relapsed": True, "cause": "aliens"},
        422,
        "cause",
    ),
    ("w.reviewer", "/api/tasks/{task}/look-backs", {"relapsed": True}, 422, "findings"),
    ("w.reporter", "/api/notifications/999999/read", {}, 404, None),
    ("w.reporter", f"/api/notifications/{HUGE}/read", {}, 404, None),
]


def fill(template: str, cast: Cast) -> str:
    w = cast.w
    values = {"task": w.task.pk, "office": w.office.pk, "signer": w.signer.pk}
    if "{extension}" in template:
        values["extension"] = extension_request(
            actor=w.reporter,
            task_id=w.task.pk,
            new_deadline=w.task.deadline + timedelta(days=30),
            reason="汛期停工",
        ).pk
    return template.format(**values)


def fill_body(body: Any, cast: Cast) -> Any:
    if isinstance(body, str):
        return body
    text = json.dumps(body)
    for key, value in {"office": cast.w.office.pk, "signer": cast.w.signer.pk}.items():
        text = text.replace(f'"{{{key}}}"', str(value))
    return text


def assert_error(response: Any, status: int, field: str | None) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"message", "code", "fields"}
    if field:
        assert field in body["fields"], body
        assert body["fields"][field]


@pytest.mark.parametrize(("path", "status", "field"), GETS)
def test_bad_query_or_path_is_4xx_with_field(cast, path, status, field):
    response = client_for(cast.w.reviewer).get(fill(path, cast))
    assert_error(response, status, field)


@pytest.mark.parametrize(
    ("actor", "path", "body", "status", "field"),
    POSTS,
    ids=[f"{i}-{p.split('/')[-1]}-{f}" for i, (_, p, _, _, f) in enumerate(POSTS)],
)
def test_bad_body_is_4xx_with_field_and_changes_nothing(cast, actor, path, body, status, field):
    url = fill(path, cast)
    before = Event.objects.count(), ProgressReport.objects.count(), LookBack.objects.count()
    extensions = list(ExtensionRequest.objects.values_list("state", flat=True))
    response = post_json(client_for(getattr(cast.w, actor[2:])), url, fill_body(body, cast))
    assert_error(response, status, field)
    after = Event.objects.count(), ProgressReport.objects.count(), LookBack.objects.count()
    assert after == before
    assert list(ExtensionRequest.objects.values_list("state", flat=True)) == extensions


@pytest.mark.parametrize(
    ("files", "status", "field"),
    [
        ({}, 422, "file"),
        ({"file": SimpleUploadedFile("a.txt", b"hello", content_type="text/plain")}, 400, "file"),
        ({"file": SimpleUploadedFile("e.pdf", b"", content_type="application/pdf")}, 400, "file"),
        ({"file": SimpleUploadedFile("x.pdf", PDF, content_type="image/png")}, 400, "file"),
        ({"file": "not a file"}, 422, "file"),
    ],
)
def test_bad_upload_is_4xx_with_field(cast, files, status, field):
    before = Event.objects.count()
    response = client_for(cast.w.reporter).post("/api/attachments", files)
    assert_error(response, status, field)
    assert Event.objects.count() == before


HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)> \"quoted\" \\ & 中文"


def test_html_and_script_are_stored_verbatim_and_returned_as_json_data(cast):
    w = cast.w
    reporter = client_for(w.reporter)
    report_response = post_json(
        reporter,
        f"/api/tasks/{w.task.pk}/reports",
        {
            "narrative": HOSTILE,
            "percent": 10,
            "claims": [{**CLAIM, "metric": HOSTILE[:100], "explanation": HOSTILE}],
        },
    )
    assert report_response.status_code == 201, report_response.content
    extension_response = post_json(
        reporter,
        f"/api/tasks/{w.task.pk}/extensions",
        {"new_deadline": (w.task.deadline + timedelta(days=9)).isoformat(), "reason": HOSTILE},
    )
    assert extension_response.status_code == 201
    stored = ProgressReport.objects.get()
    assert stored.narrative == HOSTILE
    assert stored.claims.get().metric == HOSTILE[:100]
    assert ExtensionRequest.objects.get().reason == HOSTILE
    listed = reporter.get(f"/api/tasks/{w.task.pk}/reports")
    assert listed["Content-Type"].startswith("application/json")
    assert listed["X-Content-Type-Options"] == "nosniff"
    item = listed.json()["items"][0]
    assert item["narrative"] == HOSTILE
    assert item["claims"][0]["explanation"] == HOSTILE
    assert json.loads(listed.content)["items"][0]["narrative"] == HOSTILE
    assert client_for(w.reporter).get(f"/api/tasks/{w.task.pk}").json()["latest_progress"] == (
        HOSTILE
    )


def test_hostile_reason_on_return_and_findings_on_look_back_round_trip(cast):
    w = cast.w
    drive_to_publicized(w)
    reviewer = client_for(w.reviewer)
    response = post_json(
        reviewer,
        f"/api/tasks/{w.task.pk}/look-backs",
        {"findings": HOSTILE, "relapsed": True},
    )
    assert response.status_code == 201
    assert response.json()["findings"] == HOSTILE
    assert LookBack.objects.get().findings == HOSTILE
    assert Event.objects.filter(verb="task.reopened").get().reason == HOSTILE
