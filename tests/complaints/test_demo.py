"""The demo's complaints, loaded in-process: 湖南's 边督边改 fortnight handled to the end, a
complaint that became a problem, one that reopened a closed task, and clocks that warn today."""

from __future__ import annotations

import pytest
from django.db.models import Count

from duban.complaints.choices import ComplaintState
from duban.complaints.clock_warnings import clocks_scan
from duban.complaints.models import Complaint
from duban.complaints.selectors import complaint_visible_to
from duban.core.ledger import verify
from duban.demo.load import load_demo
from duban.rectification.models import Notification, Task
from duban.verification.choices import SignalKind
from duban.verification.models import Signal

pytestmark = pytest.mark.django_db


def test_demo_complaints(settings, tmp_path, django_user_model):
    settings.DATA_DIR = tmp_path
    logins = {login.username for login in load_demo()}
    assert {"xinfang", "env_handler", "env_worker"} <= logins

    fortnight = Complaint.objects.filter(team__isnull=False)
    batches = fortnight.values("batch_number").annotate(n=Count("pk"))
    assert len(batches) == 14 and 200 <= fortnight.count() <= 400
    states = dict(fortnight.values_list("state").annotate(n=Count("pk")))
    assert states[ComplaintState.CONCLUDED] > 150 and states[ComplaintState.LINKED] >= 5
    assert set(states) <= {ComplaintState.CONCLUDED, ComplaintState.LINKED}
    concluded = fortnight.filter(state=ComplaintState.CONCLUDED)
    assert concluded.exclude(reply="").exists() and concluded.exclude(satisfaction="").exists()
    assert not concluded.filter(team_reported_on__isnull=True).exists()
    assert all(
        c.repeat_of.accused_key == c.accused_key or c.repeat_of.address_key == c.address_key
        for c in fortnight.filter(state=ComplaintState.LINKED).select_related("repeat_of")
    )

    became = Complaint.objects.get(problem__code="HN-XF-2021-01")
    assert became.problem.source == "complaint" and became.truth == "true"

    relapse = Complaint.objects.get(tasks__problem__code="HN-DX-2021-02")
    task = Task.objects.get(problem__code="HN-DX-2021-02", number=1)
    assert task.state == "in_progress" and task.reopen_count == 1
    assert Signal.objects.filter(kind=SignalKind.RELAPSE_AFTER_CLOSURE, task=task).exists()
    # The housing bureau it is about never sees it; the office that reopened the task does.
    housing = django_user_model.objects.get(username="reporter")
    assert not complaint_visible_to(housing).filter(pk=relapse.pk).exists()
    reviewer = django_user_model.objects.get(username="reviewer")
    assert complaint_visible_to(reviewer).filter(pk=relapse.pk).exists()

    result = clocks_scan()
    warned = Notification.objects.filter(key__startswith="complaint:")
    assert result.warnings >= 3 and warned.filter(level="red").exists()
    assert verify().intact
