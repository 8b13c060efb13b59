"""Two people make the same transition at once: one wins, the other gets 409, one event."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections

from duban.core.choices import Role
from duban.core.models import Event
from duban.rectification.models import Task
from duban.rectification.services import lifecycle
from tests.clients import client_for, post_json
from tests.factories import make_user, make_workflow

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_same_transition_at_once_one_wins_one_conflicts(monkeypatch):
    w = make_workflow()
    colleague = make_user("colleague", organization=w.housing, role=Role.REPORTER)
    path = f"/api/tasks/{w.task.pk}/transitions"
    original = lifecycle.apply_transition

    def slow_apply(**kwargs: Any) -> Task:
        # Hold the row lock a while, so the other request surely arrives while it is held.
        time.sleep(0.3)
        return original(**kwargs)

    monkeypatch.setattr(lifecycle, "apply_transition", slow_apply)
    start = threading.Barrier(2)
    statuses: list[int] = []
    codes: list[str] = []

    def acknowledge(user: Any) -> None:
        try:
            client = client_for(user)
            start.wait(timeout=10)
            response = post_json(client, path, {"action": "acknowledge"})
            statuses.append(response.status_code)
            codes.append(response.json().get("code", "") if response.status_code != 200 else "")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=acknowledge, args=(u,)) for u in (w.reporter, colleague)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200, 409]
    assert sorted(codes) == ["", "invalid_transition"]
    acknowledged = Event.objects.filter(
        verb="task.acknowledged", subject_type="rectification.task", subject_id=str(w.task.pk)
    )
    assert acknowledged.count() == 1
    assert Task.objects.get(pk=w.task.pk).state == "acknowledged"
