"""Hand-offs within rectification write one notification to whoever takes the work on."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail

from duban.core.choices import Role
from duban.daily import run_daily
from duban.rectification.models import CloseOut, ExtensionRequest, Notification
from duban.rectification.services import (
    acceptance_record,
    extension_decide,
    extension_request,
    task_transition,
)
from duban.rectification.services.handoffs import closure_requested, extension_decided
from tests.factories import make_user
from tests.rectification.cast import ALL_PASS, drive, drive_to_under_acceptance


def inbox(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, key__startswith="handoff:"))


def test_a_closure_request_reaches_the_acceptance_office_reviewers_once(workflow):
    w = workflow
    make_user("office_reader", organization=w.office, role=Role.VIEWER)
    drive_to_under_acceptance(w)
    (note,) = inbox(w.reviewer)
    assert note.message == f"株洲市住建局 申请销号：{w.task.code} 完成老旧管网改造"
    assert note.task == w.task and note.link == f"/tasks/{w.task.pk}/"
    assert note.level == "" and not note.emailed
    # The requester is not told of his own request; a viewer of the office is not a reviewer.
    assert inbox(w.reporter) == []
    assert Notification.objects.filter(key=note.key).count() == 1
    # The same hand-off again (a retry) writes nothing.
    assert closure_requested(actor=w.reporter, closeout=CloseOut.objects.get()) == []
    assert len(inbox(w.reviewer)) == 1


def test_a_return_reaches_the_lead_unit_each_time(workflow):
    w = workflow
    drive_to_under_acceptance(w)
    task_transition(actor=w.reviewer, task_id=w.task.pk, action="return", reason="佐证不足")
    (note,) = inbox(w.reporter)
    assert note.message == f"株洲市整改办 退回整改任务 {w.task.code} 完成老旧管网改造：佐证不足"
    assert inbox(w.reviewer)[0].key.startswith("handoff:closure:")  # only the request
    # Returned a second time: a second message, named by its own ledger event.
    drive(w, "complete")
    task_transition(actor=w.reviewer, task_id=w.task.pk, action="return", reason="仍有直排口")
    assert [n.message.rsplit("：", 1)[1] for n in inbox(w.reporter)] == ["仍有直排口", "佐证不足"]


def test_an_acceptance_that_fails_a_test_returns_the_task_with_a_message(workflow):
    w = workflow
    drive_to_under_acceptance(w)
    failed = {**ALL_PASS, "similar_fixed": {"passed": False, "comment": "同类问题未排查"}}
    acceptance_record(
        actor=w.reviewer,
        task_id=w.task.pk,
        acceptance_unit=w.office,
        signer=w.signer,
        tests=failed,
        document_check_reason="材料齐全",
    )
    (note,) = inbox(w.reporter)
    assert "退回整改任务" in note.message and "同类问题未排查" in note.message


def test_an_extension_request_and_its_decision_reach_the_other_side_once(workflow):
    w = workflow
    drive(w, "acknowledge")
    extension = extension_request(
        actor=w.reporter,
        task_id=w.task.pk,
        new_deadline=w.task.deadline + timedelta(days=30),
        reason="汛期停工",
    )
    (asked,) = inbox(w.reviewer)
    assert asked.message.startswith("株洲市住建局 申请延期：") and w.task.code in asked.message
    extension_decide(actor=w.reviewer, extension_id=extension.pk, approve=False, note="理由不充分")
    (answer,) = inbox(w.reporter)
    assert answer.message == f"延期申请未获批准：{w.task.code} 完成老旧管网改造。理由：理由不充分"
    again = extension_decided(actor=w.reviewer, extension=ExtensionRequest.objects.get())
    assert again == [] and len(inbox(w.reporter)) == 1


def test_the_daily_job_emails_each_handoff_to_its_recipient_once(workflow, settings):
    w = workflow
    w.reviewer.email = "office@example.cn"
    w.reviewer.save()
    drive_to_under_acceptance(w)
    task_transition(actor=w.reviewer, task_id=w.task.pk, action="return", reason="佐证不足")
    settings.DUBAN_TODAY = w.task.assigned_on  # no deadline warning today
    result = run_daily()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"office@example.cn", "zjj@example.cn"}
    assert "申请销号" in by_address["office@example.cn"].body
    assert "退回整改任务" in by_address["zjj@example.cn"].body
    assert "申请销号" not in by_address["zjj@example.cn"].body  # each reads only his own
    assert result.handoff_emails == 2
    assert not Notification.objects.filter(emailed=False).exclude(user__email="").exists()
    assert run_daily().handoff_emails == 0 and len(mail.outbox) == 2
