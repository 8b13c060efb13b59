"""Every rectification page and API operation through the permission harness: anonymous, a
viewer or the other side of the task (without the right), a sibling county's unit or another
city's office (out of scope), and the lead unit's reporter or the city office's reviewer (in
scope); a denied call changes nothing — no row, no state, no ledger event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event
from duban.rectification.models import ExtensionRequest, Filing, Notification, Task
from duban.rectification.services import (
    extension_request,
    objection_record,
    report_submit,
    scan,
    task_transition,
)
from tests.clients import client_for, post_json
from tests.factories import make_organization, make_user
from tests.permissions import Endpoint, NotApplicable, check, parametrize
from tests.rectification.cast import (
    ALL_PASS,
    PDF,
    build_cast,
    drive,
    drive_to_completed,
    drive_to_publicized,
    drive_to_under_acceptance,
    evidence_for,
)
from tests.rectification.task_states import CASES as ACTION_FORMS
from tests.rectification.task_states import png_bytes, to_acknowledged

pytestmark = pytest.mark.django_db

READING_NEEDS_NO_ROLE = NotApplicable("every member may read what is in scope")
OWN_ONLY = NotApplicable("every user has one of these, their own: there is no one else's")
# A GET of an action the role never may take: the 403 page says it is the role (not the state).
ROLE_REFUSAL = "您的角色无权"


def _report(s: Any) -> dict[str, Any]:
    claim = {"metric": "管网改造长度", "unit": "公里", "value": "42.3"}
    return {"narrative": "开工", "percent": 10, "claims": [claim]}


def _upload(s: Any) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("现场.pdf", PDF, content_type="application/pdf")}


def _completed_with_evidence(s: Any) -> dict[str, Any]:
    w = s.w
    evidence = evidence_for(w.reporter)
    drive(w, "acknowledge", "start")
    # Attached to a report, the file is citable by everyone who sees the task.
    report_submit(
        actor=w.reporter, task_id=w.task.pk, narrative="完工", percent=100, attachments=[evidence]
    )
    drive(w, "complete")
    return {"evidence": evidence}


def _acceptance(s: Any) -> dict[str, Any]:
    return {
        "acceptance_unit": s.w.office.pk,
        "signer": s.w.signer.pk,
        "tests": ALL_PASS,
        "notice_days": 7,
        "document_check_reason": "整改资料经逐项审核，佐证材料完整",
    }


def _staged_acceptance(s: Any) -> dict[str, Any]:
    return {
        "acceptance_unit": s.w.office.pk,
        "signer": s.w.signer.pk,
        "summary": "阶段性目标已完成，长效机制建立",
        "document_check_reason": "长效机制文件齐全",
    }


def _extension(s: Any) -> dict[str, Any]:
    new_deadline = s.w.task.deadline + timedelta(days=30)
    return {"new_deadline": new_deadline.isoformat(), "reason": "汛期停工"}


def _extension_requested(s: Any) -> dict[str, Any]:
    w = s.w
    extension = extension_request(
        actor=w.reporter,
        task_id=w.task.pk,
        new_deadline=w.task.deadline + timedelta(days=30),
        reason="汛期停工",
    )
    return {"extension": extension}


def _notified(s: Any) -> dict[str, Any]:
    with override_settings(DUBAN_TODAY=s.w.task.deadline - timedelta(days=3)):
        scan()
    notification = Notification.objects.filter(user=s.w.reporter).first()
    assert notification is not None
    return {"notification": notification}


def _under_acceptance(s: Any) -> None:
    drive_to_under_acceptance(s.w)


def _reported_photo(s: Any) -> dict[str, Any]:
    """A photo cited in a progress report of the task."""
    to_acknowledged(s.w)
    photo = attachment_store(actor=s.w.reporter, name="a.png", content=png_bytes())
    report_submit(
        actor=s.w.reporter, task_id=s.w.task.pk, narrative="进展", percent=5, attachments=[photo]
    )
    return {"photo": photo}


def _action_form_endpoints() -> list[Endpoint]:
    """The task page's action forms: the allowed role, a wrong role (403 page), an outsider."""
    users = {"reporter": "w.reporter", "reviewer": "w.reviewer", "viewer": "office_viewer"}
    endpoints = []
    for form in ACTION_FORMS:
        if callable(form.path):  # the extension decision: its id comes from the set-up
            path = "/tasks/{w.task.pk}/extensions/{extension.pk}/decide/"

            def given(s: Any, form: Any = form) -> dict[str, Any]:
                form.prepare(s.w)
                return {"extension": ExtensionRequest.objects.get(task=s.w.task)}
        else:
            path = "/tasks/{w.task.pk}/" + form.path

            def given(s: Any, form: Any = form) -> dict[str, Any]:
                form.prepare(s.w)
                return {}

        uploads = {"report": 1, "closure": 2}.get(form.name, 0)  # files in the form
        endpoints.append(
            Endpoint(
                f"POST {path}",
                name=f"task page: {form.name}",
                given=given,
                data=lambda s, form=form: form.data(s.w),
                anonymous=302,
                without_right={users[form.wrong]: 403},
                out_of_scope={"w.outsider": 404},
                in_scope={users[form.allowed]: 302},
                records=["attachment.stored"] * uploads + form.verbs,
                refusal_says="无权操作",
                scene_options={"kind": form.kind},
            )
        )
    return endpoints


def _objection_data(s: Any) -> dict[str, Any]:
    return {
        "received_on": clock.today().isoformat(),
        "channel": "phone",
        "objector": "李先生",
        "content": "雨天仍有溢流",
    }


def _objected(s: Any) -> dict[str, Any]:
    drive_to_publicized(s.w)
    data = {**_objection_data(s), "received_on": clock.today()}
    return {"objection": objection_record(actor=s.w.reviewer, task_id=s.w.task.pk, **data)}


def _filed(s: Any) -> dict[str, Any]:
    """The task closed after its notice and filed with 湖南省整改办, whose reviewer may reject."""
    office = make_organization(
        "湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000"
    )
    province = make_user("province", organization=office, role=Role.REVIEWER)
    drive_to_publicized(s.w)
    ends_on = Task.objects.get(pk=s.w.task.pk).publicity_ends_on
    with override_settings(DUBAN_TODAY=ends_on + timedelta(days=1)):
        task_transition(actor=s.w.reviewer, task_id=s.w.task.pk, action="close")
    return {"province": province, "filing": Filing.objects.get(task=s.w.task)}


ENDPOINTS = [
    # Lists and queues
    Endpoint("GET /tasks/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200, "far_reviewer": 200},
             in_scope={"w.reporter": 200, "w.reviewer": 200, "housing_viewer": 200}),
    # The task picker: out of scope, an empty list (tests/rectification/test_pickers.py)
    Endpoint("GET /pick/tasks/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200, "far_reviewer": 200},
             in_scope={"w.reporter": 200, "w.reviewer": 200}),
    Endpoint("GET /tasks/?view=responsibility", name="responsibility list", anonymous=302),
    Endpoint("GET /tasks/?format=xlsx", name="task list export", anonymous=302,
             without_right=READING_NEEDS_NO_ROLE, out_of_scope={"w.outsider": 200},
             in_scope={"w.reporter": 200}),
    # 批量签收: a refused or unseen task is reported back on the list, never acted on.
    Endpoint("POST /tasks/acknowledge/", data=lambda s: {"task": [s.w.task.pk]},
             anonymous=302, without_right={"w.reviewer": 302, "housing_viewer": 302},
             out_of_scope={"w.outsider": 302, "far_reviewer": 302},
             in_scope={"w.reporter": 302}, records=["task.acknowledged"]),
    Endpoint("GET /review/", anonymous=302,
             without_right={"w.reporter": 403, "w.outsider": 403, "office_viewer": 403},
             out_of_scope={"far_reviewer": 200}, in_scope={"w.reviewer": 200}),
    Endpoint("GET /review/?format=xlsx", name="review queue export", anonymous=302,
             without_right={"w.reporter": 403, "w.outsider": 403, "office_viewer": 403},
             out_of_scope={"far_reviewer": 200}, in_scope={"w.reviewer": 200}),
    Endpoint("GET /warnings/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200, "far_reviewer": 200},
             in_scope={"w.reporter": 200, "w.reviewer": 200}),
    Endpoint("GET /inbox/", anonymous=302, without_right=OWN_ONLY, out_of_scope=OWN_ONLY,
             in_scope={"w.reporter": 200, "w.reviewer": 200, "w.outsider": 200}),
    Endpoint("POST /inbox/read/", given=_notified, anonymous=302, without_right=OWN_ONLY,
             out_of_scope=OWN_ONLY, in_scope={"w.reporter": 302}),
    Endpoint("GET /statistics/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200, "far_reviewer": 200},
             in_scope={"w.reporter": 200, "w.reviewer": 200}),
    # The task page, its forms and files
    Endpoint("GET /tasks/{w.task.pk}/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 404, "far_reviewer": 404},
             in_scope={"w.reporter": 200, "w.reviewer": 200, "housing_viewer": 200,
                       "office_viewer": 200}),
    Endpoint("GET /tasks/{w.task.pk}/actions/acknowledge/", anonymous=302,
             without_right={"housing_viewer": 403, "w.reviewer": 403},  # their role never may
             out_of_scope={"w.outsider": 404}, in_scope={"w.reporter": 200},
             refusal_says=ROLE_REFUSAL),
    Endpoint("GET /tasks/{w.task.pk}/report/", given=lambda s: to_acknowledged(s.w),
             anonymous=302, without_right={"w.reviewer": 403, "housing_viewer": 403},
             out_of_scope={"w.outsider": 404}, in_scope={"w.reporter": 200},
             refusal_says=ROLE_REFUSAL),
    Endpoint("GET /tasks/{w.task.pk}/closure/", given=lambda s: drive_to_completed(s.w),
             anonymous=302, without_right={"w.reviewer": 403},
             out_of_scope={"w.outsider": 404}, in_scope={"w.reporter": 200},
             refusal_says=ROLE_REFUSAL),
    Endpoint("GET /tasks/{w.task.pk}/acceptance/", given=_under_acceptance, anonymous=302,
             without_right={"w.reporter": 403, "office_viewer": 403},
             out_of_scope={"w.outsider": 404, "far_reviewer": 404}, in_scope={"w.reviewer": 200},
             refusal_says=ROLE_REFUSAL),
    Endpoint("GET /tasks/{w.task.pk}/acceptance/signers/?acceptance_unit={w.office.pk}",
             given=_under_acceptance, anonymous=302,
             without_right={"w.reporter": 200},  # an empty list: no one they may see
             out_of_scope={"w.outsider": 404}, in_scope={"w.reviewer": 200}),
    Endpoint("GET /tasks/{w.task.pk}/extension/", anonymous=302,
             without_right={"w.reviewer": 403, "housing_viewer": 403},
             out_of_scope={"w.outsider": 404}, in_scope={"w.reporter": 200},
             refusal_says=ROLE_REFUSAL),
    Endpoint("GET /tasks/{w.task.pk}/look-back/", given=lambda s: drive_to_publicized(s.w),
             anonymous=302, without_right={"w.reporter": 403},
             out_of_scope={"w.outsider": 404}, in_scope={"w.reviewer": 200},
             refusal_says=ROLE_REFUSAL),
    *_action_form_endpoints(),
    Endpoint("GET /attachments/{photo.pk}/", given=_reported_photo, anonymous=302,
             without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 404, "far_reviewer": 404},
             in_scope={"w.reporter": 200, "w.reviewer": 200}),
    # API: reads
    Endpoint("GET /api/plans", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"far_reviewer": 200}, in_scope={"w.reporter": 200}),
    Endpoint("GET /api/tasks", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200}, in_scope={"w.reporter": 200, "w.reviewer": 200}),
    Endpoint("GET /api/tasks/{w.task.pk}", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 404, "far_reviewer": 404},
             in_scope={"w.reporter": 200, "w.reviewer": 200, "housing_viewer": 200}),
    Endpoint("GET /api/tasks/{w.task.pk}/reports", anonymous=401,
             without_right=READING_NEEDS_NO_ROLE, out_of_scope={"w.outsider": 404},
             in_scope={"w.reporter": 200, "w.reviewer": 200}),
    Endpoint("GET /api/stats/summary", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"far_reviewer": 200}, in_scope={"w.reviewer": 200, "w.reporter": 200}),
    Endpoint("GET /api/stats/summary?unit={w.housing.pk}", name="statistics of a unit",
             out_of_scope={"far_reviewer": 404}, in_scope={"w.reviewer": 200}),
    Endpoint("GET /api/stats/by-region", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"far_reviewer": 200}, in_scope={"w.reviewer": 200}),
    Endpoint("GET /api/stats/by-unit", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"far_reviewer": 200}, in_scope={"w.reviewer": 200}),
    Endpoint("GET /api/stats/by-plan", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"far_reviewer": 200}, in_scope={"w.reviewer": 200}),
    Endpoint("GET /api/inbox", anonymous=401, without_right=OWN_ONLY, out_of_scope=OWN_ONLY,
             in_scope={"w.reporter": 200, "w.outsider": 200}),
    # API: writes
    Endpoint("POST /api/tasks/{w.task.pk}/transitions", data=lambda s: {"action": "acknowledge"},
             anonymous=401,
             without_right={"housing_viewer": 403, "w.reviewer": 403},  # the reviewer: wrong side
             out_of_scope={"w.outsider": 404, "far_reviewer": 404},
             in_scope={"w.reporter": 200}, records=["task.acknowledged"]),
    Endpoint("POST /api/tasks/{w.task.pk}/reports", given=lambda s: drive(s.w, "acknowledge"),
             data=_report, anonymous=401, without_right={"housing_viewer": 403},
             out_of_scope={"w.outsider": 404}, in_scope={"w.reporter": 201},
             records=["report.submitted"]),
    Endpoint("POST /api/attachments", data=_upload, anonymous=401,
             without_right={"housing_viewer": 403},
             out_of_scope=NotApplicable("a new file belongs to no task until it is cited"),
             in_scope={"w.reporter": 201}, records=["attachment.stored"]),
    Endpoint("POST /api/tasks/{w.task.pk}/closure-requests", given=_completed_with_evidence,
             data=lambda s: {"summary": "已完成改造", "evidence": [s.evidence.pk]},
             anonymous=401, without_right={"housing_viewer": 403},
             out_of_scope={"w.outsider": 404}, in_scope={"w.reporter": 201},
             records=["task.closure_requested"]),
    Endpoint("POST /api/tasks/{w.task.pk}/acceptance",
             given=_under_acceptance, data=_acceptance,
             anonymous=401, without_right={"office_viewer": 403},
             out_of_scope={"far_reviewer": 404}, in_scope={"w.reviewer": 200},
             records=["task.accepted"]),
    Endpoint("POST /api/tasks/{w.task.pk}/staged-acceptance",
             given=lambda s: drive_to_completed(s.w), data=_staged_acceptance,
             scene_options={"kind": "ongoing"}, anonymous=401,
             without_right={"office_viewer": 403}, out_of_scope={"far_reviewer": 404},
             in_scope={"w.reviewer": 200}, records=["task.upheld"]),
    Endpoint("POST /api/tasks/{w.task.pk}/extensions", data=_extension, anonymous=401,
             without_right={"housing_viewer": 403}, out_of_scope={"w.outsider": 404},
             in_scope={"w.reporter": 201}, records=["extension.requested"]),
    Endpoint("POST /api/extensions/{extension.pk}/decision", given=_extension_requested,
             data=lambda s: {"approve": True, "note": "同意"}, anonymous=401,
             without_right={"w.reporter": 403}, out_of_scope={"far_reviewer": 404},
             in_scope={"w.reviewer": 200}, records=["extension.approved"]),
    Endpoint("POST /api/tasks/{w.task.pk}/look-backs", given=lambda s: drive_to_publicized(s.w),
             data=lambda s: {"findings": "雨后仍有溢流", "relapsed": True}, anonymous=401,
             without_right={"w.reporter": 403}, out_of_scope={"w.outsider": 404},
             in_scope={"w.reviewer": 201}, records=["task.looked_back", "task.reopened"]),
    # Another user's notification is out of scope; there is no role to lack.
    Endpoint("POST /api/notifications/{notification.pk}/read", given=_notified, anonymous=401,
             without_right=NotApplicable("there is no role to lack: one reads one's own"),
             out_of_scope={"w.reviewer": 404}, in_scope={"w.reporter": 204}),
    # Objections during publicity (公示) and filings with the office above (备案销号)
    # As for every action form, a role that never may is refused (403, saying so).
    Endpoint("GET /tasks/{w.task.pk}/objections/new/", given=lambda s: drive_to_publicized(s.w),
             anonymous=302, without_right={"w.reporter": 403},
             out_of_scope={"w.outsider": 404}, in_scope={"w.reviewer": 200},
             refusal_says=ROLE_REFUSAL),
    Endpoint("POST /tasks/{w.task.pk}/objections/new/", given=lambda s: drive_to_publicized(s.w),
             data=_objection_data, anonymous=302, without_right={"w.reporter": 403},
             out_of_scope={"w.outsider": 404}, in_scope={"w.reviewer": 302},
             records=["objection.recorded"]),
    Endpoint("POST /tasks/{w.task.pk}/objections/{objection.pk}/answer/", given=_objected,
             data=lambda s: {"answer": "经复核已整改", "upheld": "no"}, anonymous=302,
             without_right={"w.reporter": 403}, out_of_scope={"w.outsider": 404},
             in_scope={"w.reviewer": 302}, records=["objection.answered"]),
    Endpoint("GET /api/tasks/{w.task.pk}/objections", given=_objected, anonymous=401,
             without_right=READING_NEEDS_NO_ROLE, out_of_scope={"w.outsider": 404},
             in_scope={"w.reviewer": 200, "w.reporter": 200}),
    Endpoint("POST /api/tasks/{w.task.pk}/objections", given=lambda s: drive_to_publicized(s.w),
             data=_objection_data, anonymous=401, without_right={"w.reporter": 403},
             out_of_scope={"w.outsider": 404}, in_scope={"w.reviewer": 201},
             records=["objection.recorded"]),
    Endpoint("POST /api/objections/{objection.pk}/answer", given=_objected,
             data=lambda s: {"answer": "经复核已整改", "upheld": False}, anonymous=401,
             without_right={"w.reporter": 403}, out_of_scope={"w.outsider": 404},
             in_scope={"w.reviewer": 200}, records=["objection.answered"]),
    Endpoint("GET /filings/", given=_filed, anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200}, in_scope={"province": 200, "w.reviewer": 200}),
    Endpoint("GET /filings/?format=xlsx", name="filing list export", given=_filed,
             anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200}, in_scope={"province": 200, "w.reviewer": 200}),
    Endpoint("GET /api/filings", given=_filed, anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200}, in_scope={"province": 200, "w.reviewer": 200}),
    # The city office sees the filing of its own task but is not the office above.
    Endpoint("POST /filings/{filing.pk}/reject/", given=_filed,
             data=lambda s: {"reason": "现场核查资料不全"}, anonymous=302,
             without_right={"w.reviewer": 403}, out_of_scope={"w.outsider": 404},
             in_scope={"province": 302}, records=["filing.rejected", "task.reopened"]),
    Endpoint("POST /api/filings/{filing.pk}/rejection", given=_filed,
             data=lambda s: {"reason": "现场核查资料不全"}, anonymous=401,
             without_right={"w.reviewer": 403}, out_of_scope={"w.outsider": 404},
             in_scope={"province": 200}, records=["filing.rejected", "task.reopened"]),
]  # fmt: skip


@parametrize(ENDPOINTS)
def test_permissions(db, endpoint):
    check(endpoint, build_cast(**endpoint.scene_options))


def test_transition_in_scope_answers_with_the_moved_task(cast):
    path = f"/api/tasks/{cast.w.task.pk}/transitions"
    response = post_json(client_for(cast.w.reporter), path, {"action": "acknowledge"})
    body = response.json()
    assert (body["id"], body["state"]) == (cast.w.task.pk, "acknowledged")
    assert [a["action"] for a in body["allowed_actions"]] == ["start"]
    events = Event.objects.filter(
        verb="task.acknowledged", subject_type="rectification.task", subject_id=str(body["id"])
    )
    assert events.get().actor == cast.w.reporter


def test_read_marks_only_that_notification_and_is_idempotent(cast):
    notification_id = _notified(cast)["notification"].pk
    path = f"/api/notifications/{notification_id}/read"
    assert post_json(client_for(cast.w.reporter), path, {}).status_code == 204
    first_read = Notification.objects.get(pk=notification_id).read_at
    assert first_read is not None
    assert post_json(client_for(cast.w.reporter), path, {}).status_code == 204
    assert Notification.objects.get(pk=notification_id).read_at == first_read
    others = Notification.objects.exclude(pk=notification_id)
    assert not others.filter(read_at__isnull=False).exists()
