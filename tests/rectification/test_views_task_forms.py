"""What each task form accepts and how it answers bad input: field errors, versions, uploads."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.core import clock
from duban.core.models import Attachment, Event
from duban.rectification.choices import ExtensionState, TaskState
from duban.rectification.models import Claim, ExtensionRequest, ProgressReport, Task
from duban.rectification.rules import working_days_after
from tests.clients import client_for
from tests.factories import make_person
from tests.permissions import changes_since, database_state
from tests.rectification.task_states import (
    acceptance_data,
    last_seq,
    png_upload,
    state_of,
    task_verbs,
    to_acknowledged,
    to_closed,
    to_completed,
    to_under_acceptance,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def report_data(*rows: dict[str, str], **fields) -> dict:
    data = {
        "narrative": "本期完成管网改造",
        "percent": "30",
        "period_day": clock.today().isoformat(),
        "claims-TOTAL_FORMS": str(len(rows)),
        "claims-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(rows):
        data.update({f"claims-{index}-{name}": value for name, value in row.items()})
    data.update(fields)
    return data


def claim(value: str, explanation: str = "") -> dict[str, str]:
    return {
        "metric": "管网改造长度",
        "unit": "公里",
        "value": value,
        "is_cumulative": "on",
        "explanation": explanation,
    }


# Progress report


def test_report_form_renders_dates_files_and_claim_rows(workflow):
    w = workflow
    to_acknowledged(w)
    html = client_for(w.reporter).get(f"/tasks/{w.task.pk}/report/").content.decode()
    assert f'type="date" name="period_day" value="{clock.today().isoformat()}"' in html
    assert 'type="file" name="attachments"' in html and "multiple" in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="claims-TOTAL_FORMS"' in html and 'id="claim-row-template"' in html
    assert "/static/duban/task.js" in html
    assert "报送进展" in html and "指标" in html


def test_report_with_claim_and_png_is_filed(workflow):
    w = workflow
    to_acknowledged(w)
    client = client_for(w.reporter)
    before = last_seq()
    response = client.post(
        f"/tasks/{w.task.pk}/report/",
        report_data(claim("42.3"), attachments=[png_upload("管网.png"), png_upload("井.png")]),
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=w.task)
    assert (report.percent, report.version, report.narrative) == (30, 1, "本期完成管网改造")
    assert sorted(report.attachments.values_list("original_name", flat=True)) == [
        "井.png",
        "管网.png",
    ]
    assert Claim.objects.get(task=w.task).value == Decimal("42.3")
    assert task_verbs(w.task, after=before) == ["report.submitted"]
    page = client.get(f"/tasks/{w.task.pk}/").content.decode()
    assert "进展已报送" in page
    assert page.count('data-testid="attachment-link"') == 2


def test_resubmission_keeps_versions(workflow):
    w = workflow
    to_acknowledged(w)
    client = client_for(w.reporter)
    client.post(f"/tasks/{w.task.pk}/report/", report_data(claim("42.3")))
    # The form now offers the claimed metric again, pre-filled.
    form = client.get(f"/tasks/{w.task.pk}/report/").content.decode()
    assert 'value="管网改造长度"' in form
    client.post(f"/tasks/{w.task.pk}/report/", report_data(claim("50"), narrative="更正"))
    assert list(
        ProgressReport.objects.filter(task=w.task)
        .order_by("version")
        .values_list("version", "narrative")
    ) == [(1, "本期完成管网改造"), (2, "更正")]
    assert list(Claim.objects.order_by("version").values_list("version", "value")) == [
        (1, Decimal("42.3")),
        (2, Decimal("50")),
    ]
    page = client.get(f"/tasks/{w.task.pk}/").content.decode()
    history = page.split('data-testid="claim-history"')[1].split("</table>")[0]
    assert "v1" in history and "v2" in history


def test_cumulative_drop_without_explanation_is_a_row_error(workflow):
    w = workflow
    to_acknowledged(w)
    client = client_for(w.reporter)
    client.post(f"/tasks/{w.task.pk}/report/", report_data(claim("50")))
    before, attachments = last_seq(), Attachment.objects.count()
    blank_row = {"metric": "", "unit": "", "value": "", "is_cumulative": "on", "explanation": ""}
    response = client.post(
        f"/tasks/{w.task.pk}/report/",
        report_data(blank_row, claim("8.84"), attachments=[png_upload()]),
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = html.split('data-field-error="claims-1-explanation"')[1].split("</div>")[0]
    assert "管网改造长度为累计值，低于上次报送的数值（50 公里），请说明原因" in error
    assert 'data-field-error="claims-0-' not in html  # the blank row is skipped, not blamed
    assert ProgressReport.objects.filter(task=w.task).count() == 1
    assert last_seq() == before
    assert Attachment.objects.count() == attachments  # a refused report keeps no files
    fixed = client.post(
        f"/tasks/{w.task.pk}/report/", report_data(claim("8.84", explanation="按核查结果更正"))
    )
    assert fixed.status_code == 302
    assert Claim.objects.filter(task=w.task).count() == 2


def test_report_shape_errors_and_bad_files(workflow):
    w = workflow
    to_acknowledged(w)
    client = client_for(w.reporter)
    before = last_seq()
    bad = client.post(
        f"/tasks/{w.task.pk}/report/", report_data(narrative="", percent="120")
    ).content.decode()
    assert 'data-field-error="narrative"' in bad and 'data-field-error="percent"' in bad
    text = SimpleUploadedFile("说明.txt", b"just text", content_type="text/plain")
    refused = client.post(f"/tasks/{w.task.pk}/report/", report_data(attachments=[text]))
    assert refused.status_code == 400
    assert "说明.txt：不支持的文件类型" in refused.content.decode()
    future = (clock.today() + timedelta(days=62)).isoformat()
    later = client.post(f"/tasks/{w.task.pk}/report/", report_data(period_day=future))
    assert "不能报送未来周期的进展" in later.content.decode()
    assert last_seq() == before


def test_wrong_role_report_page_is_refused_for_the_role(workflow):
    to_acknowledged(workflow)
    response = client_for(workflow.reviewer).get(f"/tasks/{workflow.task.pk}/report/")
    assert response.status_code == 403
    assert "您的角色无权" in response.content.decode()


# Closure request


def test_closure_request_without_evidence_is_a_field_error(workflow):
    w = workflow
    to_completed(w)
    before = last_seq()
    response = client_for(w.reporter).post(f"/tasks/{w.task.pk}/closure/", {"summary": "完成"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请至少上传一份佐证材料" in html.split('data-field-error="evidence"')[1]
    assert state_of(w.task) == TaskState.COMPLETED and last_seq() == before


# Acceptance


def test_acceptance_with_all_tests_met_starts_the_public_notice(workflow):
    w = workflow
    to_under_acceptance(w)
    client = client_for(w.reviewer)
    form = client.get(f"/tasks/{w.task.pk}/acceptance/").content.decode()
    assert "各项整改措施全部完成" in form and form.count('type="radio"') == 10
    assert 'hx-get="/tasks/' in form and "王晓梅" in form  # signers of the reviewer's unit
    response = client.post(f"/tasks/{w.task.pk}/acceptance/", acceptance_data(w), follow=True)
    assert "验收通过，已进入公示" in response.content.decode()
    task = Task.objects.get(pk=w.task.pk)
    assert task.state == TaskState.PUBLICIZED
    assert task.publicity_ends_on == working_days_after(clock.today(), 7)  # working days
    closeout = task.closeouts.get()
    assert (closeout.signer_id, closeout.acceptance_unit_id) == (w.signer.pk, w.office.pk)


def test_acceptance_with_a_test_not_met_returns_with_the_comment(workflow):
    w = workflow
    to_under_acceptance(w)
    before = last_seq()
    data = acceptance_data(w, similar_fixed="同园区另两处未整改")
    response = client_for(w.reviewer).post(f"/tasks/{w.task.pk}/acceptance/", data)
    assert response.status_code == 302
    assert state_of(w.task) == TaskState.IN_PROGRESS
    assert task_verbs(w.task, after=before) == ["task.returned"]
    returned = Event.objects.get(seq__gt=before, verb="task.returned")
    assert "同园区另两处未整改" in returned.reason


def test_acceptance_errors_are_shown_on_their_fields(workflow):
    w = workflow
    to_under_acceptance(w)
    client = client_for(w.reviewer)
    outsider = make_person("李四", organization=w.housing)
    before = last_seq()
    data = acceptance_data(w, similar_fixed="")
    data["similar_fixed_passed"] = "no"
    missing = client.post(f"/tasks/{w.task.pk}/acceptance/", data)
    assert missing.status_code == 400
    assert (
        "请说明不满足该条件的原因"
        in missing.content.decode().split('data-field-error="similar_fixed_comment"')[1]
    )
    wrong = client.post(
        f"/tasks/{w.task.pk}/acceptance/", {**acceptance_data(w), "signer": outsider.pk}
    )
    assert wrong.status_code == 400 and 'data-field-error="signer"' in wrong.content.decode()
    assert state_of(w.task) == TaskState.UNDER_ACCEPTANCE and last_seq() == before


def test_signer_options_follow_the_chosen_unit(workflow):
    w = workflow
    to_under_acceptance(w)
    client = client_for(w.reviewer)
    url = f"/tasks/{w.task.pk}/acceptance/signers/"
    office = client.get(url, {"acceptance_unit": w.office.pk}).content.decode()
    assert "王晓梅" in office and "周建国" not in office
    # Issue 9: the lead unit may not accept its own task, so it offers no signers (its
    # people were offered before).
    housing = client.get(url, {"acceptance_unit": w.housing.pk}).content.decode()
    assert "周建国" not in housing and "王晓梅" not in housing
    assert "<option" in client.get(url, {"acceptance_unit": "x"}).content.decode()
    assert client_for(w.outsider).get(url).status_code == 404
    # Without script the same choice is made by ?acceptance_unit=.
    page = client.get(f"/tasks/{w.task.pk}/acceptance/", {"acceptance_unit": w.office.pk})
    assert "王晓梅" in page.content.decode() and "周建国" not in page.content.decode()


# Extensions


def test_extension_moves_the_deadline_only_when_approved(workflow):
    w = workflow
    old = w.task.deadline
    new = old + timedelta(days=30)
    reporter = client_for(w.reporter)
    reporter.post(
        f"/tasks/{w.task.pk}/extension/", {"new_deadline": new.isoformat(), "reason": "汛期停工"}
    )
    extension = ExtensionRequest.objects.get(task=w.task)
    assert Task.objects.get(pk=w.task.pk).deadline == old
    page = reporter.get(f"/tasks/{w.task.pk}/").content.decode()
    assert 'data-testid="link-extension"' not in page  # one pending request at a time
    reviewer = client_for(w.reviewer)
    response = reviewer.post(
        f"/tasks/{w.task.pk}/extensions/{extension.pk}/decide/",
        {"decision": "approve", "note": "同意"},
        follow=True,
    )
    assert "已批准延期" in response.content.decode()
    assert Task.objects.get(pk=w.task.pk).deadline == new
    assert ExtensionRequest.objects.get().state == ExtensionState.APPROVED


def test_extension_rejection_needs_a_note_and_keeps_the_deadline(workflow):
    w = workflow
    old = w.task.deadline
    client_for(w.reporter).post(
        f"/tasks/{w.task.pk}/extension/",
        {"new_deadline": (old + timedelta(days=10)).isoformat(), "reason": "资金未到位"},
    )
    extension = ExtensionRequest.objects.get(task=w.task)
    url = f"/tasks/{w.task.pk}/extensions/{extension.pk}/decide/"
    reviewer = client_for(w.reviewer)
    before = last_seq()
    response = reviewer.post(url, {"decision": "reject", "note": ""})
    assert response.status_code == 400
    assert "请说明驳回理由" in response.content.decode().split('data-field-error="note"')[1]
    assert last_seq() == before
    assert reviewer.post(url, {"decision": "reject", "note": "理由不充分"}).status_code == 302
    assert ExtensionRequest.objects.get().state == ExtensionState.REJECTED
    assert Task.objects.get(pk=w.task.pk).deadline == old
    assert task_verbs(w.task, after=before) == ["extension.rejected"]


def test_extension_request_errors(workflow):
    w = workflow
    client = client_for(w.reporter)
    early = client.post(
        f"/tasks/{w.task.pk}/extension/",
        {"new_deadline": w.task.deadline.isoformat(), "reason": "x"},
    )
    assert early.status_code == 400
    message = early.content.decode().split('data-field-error="new_deadline"')[1]
    assert f"必须晚于当前整改时限{w.task.deadline.isoformat()}" in message
    assert 'type="date" name="new_deadline"' in early.content.decode()
    assert not ExtensionRequest.objects.exists()


def test_extension_of_another_task_is_404(workflow):
    w = workflow
    client_for(w.reporter).post(
        f"/tasks/{w.task.pk}/extension/",
        {"new_deadline": (w.task.deadline + timedelta(days=5)).isoformat(), "reason": "x"},
    )
    extension = ExtensionRequest.objects.get()
    response = client_for(w.reviewer).post(
        f"/tasks/999999/extensions/{extension.pk}/decide/", {"decision": "approve"}
    )
    assert response.status_code == 404


# Look-back


def test_look_back_without_relapse_keeps_the_task_closed(workflow):
    w = workflow
    to_closed(w)
    before = last_seq()
    response = client_for(w.reviewer).post(
        f"/tasks/{w.task.pk}/look-back/",
        {
            "checked_on": clock.today().isoformat(),
            "findings": "未见反弹",
            "relapsed": "no",
            "cause": "look_back",
        },
    )
    assert response.status_code == 302
    assert task_verbs(w.task, after=before) == ["task.looked_back"]
    assert state_of(w.task) == TaskState.CLOSED


def test_look_back_cannot_be_in_the_future(workflow):
    w = workflow
    to_closed(w)
    response = client_for(w.reviewer).post(
        f"/tasks/{w.task.pk}/look-back/",
        {
            "checked_on": (clock.today() + timedelta(days=1)).isoformat(),
            "findings": "x",
            "relapsed": "no",
            "cause": "look_back",
        },
    )
    assert response.status_code == 400
    assert "回头看日期不能晚于今天" in response.content.decode()


def test_english_ui_is_available(workflow, settings):
    client = client_for(workflow.reporter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/tasks/{workflow.task.pk}/").content.decode()
    assert "lead unit" in html and "Acknowledge" in html


def test_report_page_refuses_control_characters_and_keeps_a_pasted_vertical_tab(workflow):
    # given a unit reporting on its task, a control character pasted into the narrative
    w = workflow
    to_acknowledged(w)
    client = client_for(w.reporter)
    before = database_state()
    refused = client.post(f"/tasks/{w.task.pk}/report/", report_data(narrative="开工\x01"))
    # then the page answers 400 with the reason on the field, and nothing is stored
    assert refused.status_code == 400
    assert "控制字符" in refused.content.decode()
    assert changes_since(before) == []
    # and a vertical tab (what Word and Excel paste) is kept as a line break
    done = client.post(f"/tasks/{w.task.pk}/report/", report_data(narrative="开工\x0b完成"))
    assert done.status_code == 302
    assert ProgressReport.objects.get(task=w.task).narrative == "开工\n完成"
