"""Every write endpoint as anonymous (401), without the right role (403), out of scope (404)
and in scope (2xx); a denied call changes nothing — no row, no state, no ledger event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from duban.core.models import Attachment, Event
from duban.rectification.models import (
    Claim,
    CloseOut,
    ExtensionRequest,
    LookBack,
    Notification,
    ProgressReport,
    Task,
)
from duban.rectification.services import extension_request, report_submit, scan
from tests.api.conftest import (
    ALL_PASS,
    PDF,
    Cast,
    client_for,
    drive,
    drive_to_publicized,
    drive_to_under_acceptance,
    evidence_for,
    post_json,
)

pytestmark = pytest.mark.django_db


def snapshot(cast: Cast) -> dict[str, Any]:
    """Everything a write endpoint could change."""
    task = Task.objects.get(pk=cast.w.task.pk)
    return {
        "task": (
            task.state,
            task.deadline,
            task.percent,
            task.reopen_count,
            task.publicity_ends_on,
            task.latest_progress,
        ),
        "events": Event.objects.count(),
        "reports": ProgressReport.objects.count(),
        "claims": Claim.objects.count(),
        "closeouts": list(CloseOut.objects.values_list("pk", "accepted", "signer_id")),
        "extensions": list(ExtensionRequest.objects.values_list("pk", "state", "decided_by_id")),
        "look_backs": LookBack.objects.count(),
        "attachments": Attachment.objects.count(),
        "unread": Notification.objects.filter(read_at__isnull=True).count(),
    }


Payload = Any  # a JSON body, or a callable giving multipart data (files are read once)


@dataclass(frozen=True)
class Case:
    name: str
    prepare: Callable[[Cast], tuple[str, Payload]]
    allowed: str
    wrong_role: str | None  # None: every signed-in user may call it
    out_of_scope: str | None  # None: the endpoint acts on no object of the workflow
    status: int
    verb: str | None  # the ledger event a successful call records


def user(cast: Cast, name: str) -> Any:
    return getattr(cast.w, name[2:]) if name.startswith("w.") else getattr(cast, name)


def send(cast: Cast, who: str | None, path: str, payload: Payload) -> Any:
    client = client_for(user(cast, who) if who else None)
    if callable(payload):
        return client.post(path, payload())
    return post_json(client, path, payload)


def _transition(cast: Cast) -> tuple[str, Payload]:
    return f"/api/tasks/{cast.w.task.pk}/transitions", {"action": "acknowledge"}


def _report(cast: Cast) -> tuple[str, Payload]:
    claim = {"metric": "管网改造长度", "unit": "公里", "value": "42.3"}
    return f"/api/tasks/{cast.w.task.pk}/reports", {
        "narrative": "开工",
        "percent": 10,
        "claims": [claim],
    }


def _upload(cast: Cast) -> tuple[str, Payload]:
    return "/api/attachments", lambda: {
        "file": SimpleUploadedFile("现场.pdf", PDF, content_type="application/pdf")
    }


def _closure(cast: Cast) -> tuple[str, Payload]:
    w = cast.w
    evidence = evidence_for(w.reporter)
    drive(w, "acknowledge", "start")
    # Attached to a report, the file is citable by everyone who sees the task.
    report_submit(
        actor=w.reporter, task_id=w.task.pk, narrative="完工", percent=100, attachments=[evidence]
    )
    drive(w, "complete")
    path = f"/api/tasks/{w.task.pk}/closure-requests"
    return path, {"summary": "已完成改造", "evidence": [evidence.pk]}


def _acceptance(cast: Cast) -> tuple[str, Payload]:
    w = cast.w
    drive_to_under_acceptance(w)
    return f"/api/tasks/{w.task.pk}/acceptance", {
        "acceptance_unit": w.office.pk,
        "signer": w.signer.pk,
        "tests": ALL_PASS,
        "notice_days": 7,
        "document_check_reason": "整改资料经逐项审核，佐证材料完整",
    }


def _staged_acceptance(cast: Cast) -> tuple[str, Payload]:
    w = cast.w
    Task.objects.filter(pk=w.task.pk).update(kind="ongoing")  # only ongoing tasks are upheld
    drive(w, "acknowledge", "start", "complete")
    return f"/api/tasks/{w.task.pk}/staged-acceptance", {
        "acceptance_unit": w.office.pk,
        "signer": w.signer.pk,
        "summary": "阶段性目标已完成，长效机制建立",
        "document_check_reason": "长效机制文件齐全",
    }


def _extension(cast: Cast) -> tuple[str, Payload]:
    new_deadline = cast.w.task.deadline + timedelta(days=30)
    return f"/api/tasks/{cast.w.task.pk}/extensions", {
        "new_deadline": new_deadline.isoformat(),
        "reason": "汛期停工",
    }


def _decision(cast: Cast) -> tuple[str, Payload]:
    w = cast.w
    extension = extension_request(
        actor=w.reporter,
        task_id=w.task.pk,
        new_deadline=w.task.deadline + timedelta(days=30),
        reason="汛期停工",
    )
    return f"/api/extensions/{extension.pk}/decision", {"approve": True, "note": "同意"}


def _look_back(cast: Cast) -> tuple[str, Payload]:
    drive_to_publicized(cast.w)
    return f"/api/tasks/{cast.w.task.pk}/look-backs", {"findings": "雨后仍有溢流", "relapsed": True}


def _read(cast: Cast) -> tuple[str, Payload]:
    with override_settings(DUBAN_TODAY=cast.w.task.deadline - timedelta(days=3)):
        scan()
    notification = Notification.objects.filter(user=cast.w.reporter).first()
    assert notification is not None
    return f"/api/notifications/{notification.pk}/read", {}


CASES = [
    Case("transition", _transition, "w.reporter", "housing_viewer", "w.outsider", 200, None),
    Case("wrong-side", _transition, "w.reporter", "w.reviewer", "far_reviewer", 200, None),
    Case("report", _report, "w.reporter", "housing_viewer", "w.outsider", 201, "report.submitted"),
    Case("upload", _upload, "w.reporter", "housing_viewer", None, 201, "attachment.stored"),
    Case(
        "closure", _closure, "w.reporter", "housing_viewer", "w.outsider", 201,
        "task.closure_requested",
    ),
    Case("acceptance", _acceptance, "w.reviewer", "office_viewer", "far_reviewer", 200,
         "task.accepted"),
    Case("staged-acceptance", _staged_acceptance, "w.reviewer", "office_viewer",
         "far_reviewer", 200, "task.upheld"),
    Case("extension", _extension, "w.reporter", "housing_viewer", "w.outsider", 201,
         "extension.requested"),
    Case("decision", _decision, "w.reviewer", "w.reporter", "far_reviewer", 200,
         "extension.approved"),
    Case("look-back", _look_back, "w.reviewer", "w.reporter", "w.outsider", 201,
         "task.looked_back"),
    # Another user's notification is out of scope; there is no role to lack.
    Case("read", _read, "w.reporter", None, "w.reviewer", 204, None),
]  # fmt: skip
IDS = [case.name for case in CASES]


def assert_refused(response: Any, status: int) -> None:
    assert response.status_code == status, response.content
    assert set(response.json()) == {"message", "code", "fields"}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_anonymous_is_401_and_changes_nothing(cast, case):
    path, payload = case.prepare(cast)
    before = snapshot(cast)
    response = send(cast, None, path, payload)
    assert_refused(response, 401)
    assert response.json()["code"] == "unauthenticated"
    assert snapshot(cast) == before


@pytest.mark.parametrize("case", [c for c in CASES if c.wrong_role], ids=lambda c: c.name)
def test_without_the_right_role_is_403_and_changes_nothing(cast, case):
    path, payload = case.prepare(cast)
    before = snapshot(cast)
    response = send(cast, case.wrong_role, path, payload)
    assert_refused(response, 403)
    assert response.json()["code"] == "not_permitted"
    assert snapshot(cast) == before


@pytest.mark.parametrize("case", [c for c in CASES if c.out_of_scope], ids=lambda c: c.name)
def test_out_of_scope_is_404_and_changes_nothing(cast, case):
    path, payload = case.prepare(cast)
    before = snapshot(cast)
    response = send(cast, case.out_of_scope, path, payload)
    assert_refused(response, 404)
    assert response.json()["code"].endswith("not_found")
    assert snapshot(cast) == before


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_in_scope_succeeds_and_records_its_event(cast, case):
    path, payload = case.prepare(cast)
    last_seq = Event.objects.order_by("-seq").values_list("seq", flat=True).first()
    response = send(cast, case.allowed, path, payload)
    assert response.status_code == case.status, response.content
    new_verbs = list(Event.objects.filter(seq__gt=last_seq).values_list("verb", flat=True))
    if case.verb:
        assert new_verbs.count(case.verb) == 1


def test_transition_in_scope_answers_with_the_moved_task(cast):
    path, payload = _transition(cast)
    response = send(cast, "w.reporter", path, {"action": "acknowledge"})
    body = response.json()
    assert (body["id"], body["state"]) == (cast.w.task.pk, "acknowledged")
    assert [a["action"] for a in body["allowed_actions"]] == ["start"]
    events = Event.objects.filter(
        verb="task.acknowledged", subject_type="rectification.task", subject_id=str(body["id"])
    )
    assert events.get().actor == cast.w.reporter


def test_read_marks_only_that_notification_and_is_idempotent(cast):
    path, _ = _read(cast)
    notification_id = int(path.split("/")[3])
    assert send(cast, "w.reporter", path, {}).status_code == 204
    first_read = Notification.objects.get(pk=notification_id).read_at
    assert first_read is not None
    assert send(cast, "w.reporter", path, {}).status_code == 204
    assert Notification.objects.get(pk=notification_id).read_at == first_read
    others = Notification.objects.exclude(pk=notification_id)
    assert not others.filter(read_at__isnull=False).exists()
