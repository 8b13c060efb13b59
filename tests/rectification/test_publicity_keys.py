"""公示 is `publicity_*` in code; the API and the ledger keep the keys they were published with."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.models import Event
from duban.rectification.rules import working_days_after
from duban.rectification.services import closure_request, task_transition
from tests.images import photo
from tests.rectification.test_lifecycle import ALL_PASS, drive_to_completed

pytestmark = pytest.mark.django_db


def test_acceptance_takes_notice_days_and_the_task_shows_notice_dates(workflow):
    w = workflow
    drive_to_completed(w)
    evidence = attachment_store(actor=w.reporter, name="现场.png", content=photo(seed=3, fmt="PNG"))
    closure_request(actor=w.reporter, task_id=w.task.pk, summary="已完成改造", evidence=[evidence])
    task_transition(actor=w.reviewer, task_id=w.task.pk, action="begin_acceptance")
    client = Client()
    client.force_login(w.reviewer)
    payload = {
        "acceptance_unit": w.office.pk,
        "signer": w.signer.pk,
        "tests": ALL_PASS,
        "document_check_reason": "整改资料经逐项审核，佐证材料完整",
    }
    response = client.post(
        f"/api/tasks/{w.task.pk}/acceptance",
        json.dumps({**payload, "notice_days": 5}),
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["notice_starts_on"] == clock.today().isoformat()
    assert body["notice_ends_on"] == working_days_after(clock.today(), 5).isoformat()
    assert "publicity_ends_on" not in body
    accepted = Event.objects.get(verb="task.accepted", subject_id=str(w.task.pk))
    assert accepted.data["notice_days"] == 5
    assert w.task.closeouts.get().publicity_days == 5
