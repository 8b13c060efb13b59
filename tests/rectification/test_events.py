"""Rectification's ledger events keep the payloads they were first recorded with."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from duban.core.attachments import attachment_store
from duban.core.ledger import subject_type_of
from duban.core.models import Event
from duban.rectification.services import (
    ClaimInput,
    extension_decide,
    extension_request,
    report_submit,
    task_transition,
    task_update_responsibility,
)
from tests.factories import make_workflow
from tests.images import photo

pytestmark = pytest.mark.django_db


def recorded(verb: str, subject: Any) -> tuple[int | None, dict[str, Any], str]:
    """(acting organization, data, reason) of the one event with this verb on the subject."""
    event = Event.objects.get(
        verb=verb, subject_type=subject_type_of(subject), subject_id=str(subject.pk)
    )
    return event.organization_id, event.data, event.reason


def test_task_events_keep_their_payloads():
    # given the workflow's task, its target changed, a report with a claim, and an extension
    # requested and rejected
    w = make_workflow()
    task = w.task
    task_update_responsibility(
        actor=w.reviewer, task=task, reason="方案调整", target="改造 130 公里"
    )
    task_transition(actor=w.reporter, task_id=task.pk, action="acknowledge")
    task_transition(actor=w.reporter, task_id=task.pk, action="start")
    evidence = attachment_store(actor=w.reporter, name="现场.jpg", content=photo(seed=3))
    report = report_submit(
        actor=w.reporter,
        task_id=task.pk,
        narrative="已改造 40 公里",
        percent=30,
        claims=[ClaimInput(metric="改造管网", unit="公里", value=Decimal("40.5"))],
        attachments=[evidence],
    )
    new_deadline = task.deadline + timedelta(days=30)
    extension = extension_request(
        actor=w.reporter, task_id=task.pk, new_deadline=new_deadline, reason="汛期停工"
    )
    extension_decide(actor=w.reviewer, extension_id=extension.pk, approve=False, note="理由不足")
    # then each event holds exactly what it always held
    assert recorded("task.created", task) == (
        None,
        {
            "title": "完成老旧管网改造",
            "measures": "排查并改造",
            "target": "改造 120 公里",
            "lead_unit": w.housing.pk,
            "responsible_person": w.responsible.pk,
            "supervising_leader": w.leader.pk,
            "acceptance_level": "city",
            "co_units": [],
            "kind": "deadline",
            "deadline": str(task.deadline),
            "assigned_on": str(task.assigned_on),
            "number": 1,
            "problem": "HN-ZZ-01",
        },
        "",
    )
    assert recorded("task.updated", task) == (
        None,
        {
            "task": task.code,
            "changes": {"target": {"old": "改造 120 公里", "new": "改造 130 公里"}},
        },
        "方案调整",
    )
    assert recorded("report.submitted", task) == (
        None,
        {
            "task": task.code,
            "report": report.pk,
            "period": str(report.period_start),
            "version": 1,
            "percent": 30,
            "late": False,
            "claims": [{"metric": "改造管网", "value": "40.5", "unit": "公里", "version": 1}],
            "attachments": [evidence.sha256],
        },
        "",
    )
    assert recorded("extension.requested", task) == (
        None,
        {
            "task": task.code,
            "extension": extension.pk,
            "old_deadline": str(task.deadline),
            "new_deadline": str(new_deadline),
        },
        "汛期停工",
    )
    assert recorded("extension.rejected", task) == (
        None,
        {
            "task": task.code,
            "extension": extension.pk,
            "old_deadline": str(task.deadline),
            "new_deadline": str(new_deadline),
            "note": "理由不足",
        },
        "汛期停工",
    )
