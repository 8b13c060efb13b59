"""The task lifecycle through services: table, permissions, conflicts, events."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: F401

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.models import Event
from duban.errors import ApplicationError, InvalidTransition, NotFound, NotPermitted
from duban.inspections.choices import ProblemStatus
from duban.rectification.choices import TaskState
from duban.rectification.models import Claim, Notification, ProgressReport, Task
from duban.rectification.rules import working_days_after
from duban.rectification.services import (
    ClaimInput,
    acceptance_record,
    closure_request,
    extension_decide,
    extension_request,
    lookback_record,
    report_submit,
    scan,
    staged_acceptance_record,
    task_transition,
)
from tests.images import photo

pytestmark = pytest.mark.django_db
PNG = photo(seed=21, fmt="PNG")
ALL_PASS = {
    key: {"passed": True, "comment": "已核实"}
    for key in [
        "measures_done",
        "violations_penalised",
        "effect_meets_norms",
        "similar_fixed",
        "root_cause_removed",
    ]
}


def events_of(task: Task) -> list[str]:
    return list(
        Event.objects.filter(
            subject_type="rectification.task", subject_id=str(task.pk)
        ).values_list("verb", flat=True)
    )


def drive_to_completed(w) -> None:
    for action in ["acknowledge", "start", "complete"]:
        note = (
            "整改措施已完成，完工进度未另行报送" if action == "complete" else ""
        )  # short of 80 %: explained
        task_transition(actor=w.reporter, task_id=w.task.pk, action=action, reason=note)


def test_full_path_to_closed_and_look_back(workflow, settings):
    w = workflow
    drive_to_completed(w)
    evidence = attachment_store(actor=w.reporter, name="现场.png", content=PNG)
    closure_request(actor=w.reporter, task_id=w.task.pk, summary="已完成改造", evidence=[evidence])
    task_transition(actor=w.reviewer, task_id=w.task.pk, action="begin_acceptance")
    task = acceptance_record(
        actor=w.reviewer,
        task_id=w.task.pk,
        acceptance_unit=w.office,
        signer=w.signer,
        tests=ALL_PASS,
        publicity_days=7,
        document_check_reason="整改资料经逐项审核，佐证材料完整",
    )
    assert task.state == TaskState.PUBLICIZED
    # 公示 counts working days (issue 9); the job closes the day after its last day.
    assert task.publicity_ends_on == working_days_after(clock.today(), 7)
    settings.DUBAN_TODAY = task.publicity_ends_on
    assert scan().closed == 0
    settings.DUBAN_TODAY = task.publicity_ends_on + timedelta(days=1)
    assert scan().closed == 1
    task.refresh_from_db()
    assert task.state == TaskState.CLOSED and task.look_back_on is not None
    w.problem.refresh_from_db()
    assert w.problem.status == ProblemStatus.CLOSED
    lookback_record(actor=w.reviewer, task_id=task.pk, findings="雨后仍有溢流", relapsed=True)
    task.refresh_from_db()
    assert (task.state, task.reopen_count) == (TaskState.IN_PROGRESS, 1)
    assert events_of(task) == [
        "task.created",
        "task.acknowledged",
        "task.started",
        "task.completed",
        "task.closure_requested",
        "task.acceptance_started",
        "task.accepted",
        "task.closed",
        "task.looked_back",
        "task.reopened",
    ]


def test_failed_closure_test_returns_task_with_reason(workflow):
    w = workflow
    drive_to_completed(w)
    evidence = attachment_store(actor=w.reporter, name="a.png", content=PNG)
    closure_request(actor=w.reporter, task_id=w.task.pk, summary="完成", evidence=[evidence])
    task_transition(actor=w.reviewer, task_id=w.task.pk, action="begin_acceptance")
    tests = {**ALL_PASS, "similar_fixed": {"passed": False, "comment": "同园区另两处未整改"}}
    task = acceptance_record(
        actor=w.reviewer,
        task_id=w.task.pk,
        acceptance_unit=w.office,
        signer=w.signer,
        tests=tests,
        document_check_reason="整改资料经逐项审核，佐证材料完整",
    )
    assert task.state == TaskState.IN_PROGRESS
    returned = Event.objects.filter(verb="task.returned").get()
    assert "同园区另两处未整改" in returned.reason


def test_closure_needs_evidence(workflow):
    drive_to_completed(workflow)
    with pytest.raises(ApplicationError) as error:
        closure_request(
            actor=workflow.reporter, task_id=workflow.task.pk, summary="完成", evidence=[]
        )
    assert "evidence" in error.value.fields
    assert Task.objects.get(pk=workflow.task.pk).state == TaskState.COMPLETED


def test_acceptance_needs_all_five_answers_and_signer_of_unit(workflow):
    w = workflow
    drive_to_completed(w)
    evidence = attachment_store(actor=w.reporter, name="a.png", content=PNG)
    closure_request(actor=w.reporter, task_id=w.task.pk, summary="完成", evidence=[evidence])
    task_transition(actor=w.reviewer, task_id=w.task.pk, action="begin_acceptance")
    partial = {k: v for k, v in ALL_PASS.items() if k != "root_cause_removed"}
    with pytest.raises(ApplicationError) as error:
        acceptance_record(
            actor=w.reviewer,
            task_id=w.task.pk,
            acceptance_unit=w.office,
            signer=w.responsible,
            tests=partial,
            document_check_reason="整改资料经逐项审核，佐证材料完整",
        )
    assert set(error.value.fields) == {"tests.root_cause_removed", "signer"}
    assert Task.objects.get(pk=w.task.pk).state == TaskState.UNDER_ACCEPTANCE


def test_wrong_role_and_wrong_side_are_refused_and_change_nothing(workflow):
    w = workflow
    before = Event.objects.count()
    with pytest.raises(NotPermitted):
        task_transition(actor=w.reviewer, task_id=w.task.pk, action="acknowledge")  # not the unit
    with pytest.raises(NotFound):
        task_transition(actor=w.outsider, task_id=w.task.pk, action="acknowledge")  # out of scope
    drive_to_completed(w)
    with pytest.raises(NotPermitted):
        task_transition(actor=w.reporter, task_id=w.task.pk, action="return", reason="x")
    assert Event.objects.count() == before + 3


def test_same_transition_twice_conflicts_without_second_event(workflow):
    task_transition(actor=workflow.reporter, task_id=workflow.task.pk, action="acknowledge")
    with pytest.raises(InvalidTransition) as conflict:
        task_transition(actor=workflow.reporter, task_id=workflow.task.pk, action="acknowledge")
    assert conflict.value.status == 409
    assert events_of(workflow.task).count("task.acknowledged") == 1


def test_return_and_reopen_need_reason(workflow):
    drive_to_completed(workflow)
    with pytest.raises(ApplicationError) as error:
        task_transition(actor=workflow.reviewer, task_id=workflow.task.pk, action="return")
    assert error.value.fields == {"reason": "required for this action"}


def test_ongoing_task_is_upheld_never_closed(db):
    from tests.factories import make_workflow

    w = make_workflow(kind="ongoing")
    drive_to_completed(w)
    with pytest.raises(InvalidTransition):
        closure_request(
            actor=w.reporter,
            task_id=w.task.pk,
            summary="x",
            evidence=[attachment_store(actor=w.reporter, name="a.png", content=PNG)],
        )
    # Issue 9: upholding is a staged acceptance (阶段性验收), never a 销号 — the problem is
    # completed, not closed (it was closed before).
    with pytest.raises(ApplicationError):
        task_transition(actor=w.reviewer, task_id=w.task.pk, action="uphold")
    task = staged_acceptance_record(
        actor=w.reviewer,
        task_id=w.task.pk,
        acceptance_unit=w.office,
        signer=w.signer,
        summary="阶段性目标已完成，长效机制建立",
        document_check_reason="长效机制文件齐全",
    )
    assert task.state == TaskState.UPHELD
    w.problem.refresh_from_db()
    assert w.problem.status == ProblemStatus.COMPLETED


def test_report_versions_and_cumulative_claim_drop(workflow):
    w = workflow
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    first = report_submit(
        actor=w.reporter,
        task_id=w.task.pk,
        narrative="开工",
        percent=10,
        claims=[ClaimInput("管网改造长度", "公里", Decimal("42.3"))],
    )
    second = report_submit(
        actor=w.reporter,
        task_id=w.task.pk,
        narrative="更正",
        percent=12,
        claims=[ClaimInput("管网改造长度", "公里", Decimal("50"))],
    )
    assert (first.version, second.version) == (1, 2)
    with pytest.raises(ApplicationError) as error:
        report_submit(
            actor=w.reporter,
            task_id=w.task.pk,
            narrative="核减",
            percent=12,
            claims=[ClaimInput("管网改造长度", "公里", Decimal("8.84"))],
        )
    assert "claims.0.explanation" in error.value.fields
    report_submit(
        actor=w.reporter,
        task_id=w.task.pk,
        narrative="核减",
        percent=12,
        claims=[ClaimInput("管网改造长度", "公里", Decimal("8.84"), explanation="按核查结果更正")],
    )
    values = list(Claim.objects.order_by("version").values_list("value", flat=True))
    assert values == [Decimal("42.3"), Decimal("50"), Decimal("8.84")]
    assert ProgressReport.objects.filter(task=w.task).count() == 3


def test_extension_changes_deadline_only_when_approved(workflow):
    w = workflow
    old = w.task.deadline
    extension = extension_request(
        actor=w.reporter,
        task_id=w.task.pk,
        new_deadline=old + timedelta(days=30),
        reason="汛期停工",
    )
    assert Task.objects.get(pk=w.task.pk).deadline == old
    with pytest.raises(NotPermitted):
        extension_decide(actor=w.reporter, extension_id=extension.pk, approve=True)
    extension_decide(actor=w.reviewer, extension_id=extension.pk, approve=True)
    assert Task.objects.get(pk=w.task.pk).deadline == old + timedelta(days=30)
    approved = Event.objects.get(verb="extension.approved")
    assert approved.data["old_deadline"] == str(old) and approved.reason == "汛期停工"


def test_scan_is_idempotent_and_sends_one_digest(workflow, settings):
    settings.DUBAN_TODAY = workflow.task.deadline - timedelta(days=3)
    first = scan()
    assert first.notifications >= 1 and first.emails == 1
    assert len(mail.outbox) == 1 and "株洲市住建局" in mail.outbox[0].subject
    again = scan()
    assert (again.notifications, again.emails, again.status_changed) == (0, 0, 0)
    assert len(mail.outbox) == 1


def test_digest_the_mail_server_refused_goes_out_with_the_next_scan(workflow, settings):
    # A real refusal: SMTP to a port nobody listens on. The warnings are stored and stay
    # un-e-mailed; the next run (mail server back) sends them, once.
    from tests.cli.private_postgres import free_port

    settings.DUBAN_TODAY = workflow.task.deadline - timedelta(days=3)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
    with pytest.raises(ConnectionRefusedError):
        scan()
    stored = Notification.objects.filter(task=workflow.task)
    assert stored.exists() and not stored.filter(emailed=True).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retried = scan()
    assert (retried.notifications, retried.emails) == (0, 1)
    assert len(mail.outbox) == 1 and "株洲市住建局" in mail.outbox[0].subject
    assert not stored.filter(emailed=False).exclude(user__email="").exists()
    assert scan().emails == 0 and len(mail.outbox) == 1
