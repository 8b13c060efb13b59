"""Two people conclude the same complaint at once: the row lock lets one win; the other finds
it concluded (409), and one handling event is written."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections

from duban.complaints.models import Complaint
from duban.complaints.services import common, handling
from duban.core.models import Event
from tests.clients import client_for, post_json
from tests.complaints.scene import build_scene

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_conclusions_at_once_one_wins(monkeypatch):
    scene = build_scene()
    pk = scene.complaint.pk
    handling.complaint_acknowledge(actor=scene.unit_worker, pk=pk)
    handling.complaint_reply(actor=scene.unit_worker, pk=pk, text="答复")
    original = common.locked

    def slow_locked(**kwargs: Any) -> Complaint:
        complaint = original(**kwargs)
        time.sleep(0.3)  # hold the lock so the other request surely waits on it
        return complaint

    monkeypatch.setattr(handling, "locked", slow_locked)
    start = threading.Barrier(2)
    statuses: list[int] = []
    body = {"outcome": "concluded", "truth": "true", "investigation": "核实", "measures": "整改"}

    def conclude(user: Any) -> None:
        try:
            client = client_for(user)
            start.wait(timeout=10)
            response = post_json(client, f"/api/complaints/{pk}/handling", body)
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=conclude, args=(user,))
        for user in (scene.unit_worker, scene.unit_handler)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200, 409]
    handled = Event.objects.filter(verb="complaint.handled", subject_id=str(pk))
    assert handled.count() == 1
    assert Complaint.objects.get(pk=pk).state == "concluded"
