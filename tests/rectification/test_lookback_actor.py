"""Who may record a look-back (回头看) or file a progress report: a person, never the system
or someone signed out."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.errors import ApplicationError, NotPermitted
from duban.rectification.choices import TaskState
from duban.rectification.models import LookBack
from duban.rectification.services import lookback_record
from tests.rectification.task_states import last_seq, to_closed

pytestmark = pytest.mark.django_db


def _attempt(w, actor) -> None:  # noqa: ANN001
    lookback_record(actor=actor, task_id=w.task.pk, findings="雨后仍有溢流 🌧", relapsed=True)


def _unchanged(w, seq: int) -> None:  # noqa: ANN001
    w.task.refresh_from_db()
    assert (w.task.state, w.task.reopen_count) == (TaskState.CLOSED, 0)
    assert LookBack.objects.count() == 0
    assert last_seq() == seq


def test_system_is_refused_with_a_clear_code_and_nothing_changes(workflow):
    to_closed(workflow)
    seq = last_seq()
    with pytest.raises(NotPermitted) as refused:
        _attempt(workflow, SYSTEM)
    assert refused.value.code == "look_back_by_person"
    assert "not by the system" in str(refused.value)
    _unchanged(workflow, seq)


def test_none_is_a_programming_error_not_an_integrity_error(workflow):
    to_closed(workflow)
    seq = last_seq()
    with pytest.raises(TypeError):
        _attempt(workflow, None)
    _unchanged(workflow, seq)


def test_signed_out_caller_is_refused(workflow):
    to_closed(workflow)
    seq = last_seq()
    with pytest.raises(ApplicationError) as refused:
        _attempt(workflow, AnonymousUser())
    assert refused.value.status in {403, 404}
    _unchanged(workflow, seq)


def test_a_reviewer_records_it_under_their_name(workflow):
    to_closed(workflow)
    look_back = lookback_record(
        actor=workflow.reviewer, task_id=workflow.task.pk, findings="复查合格", relapsed=False
    )
    assert look_back.recorded_by == workflow.reviewer
    event = Event.objects.get(verb="task.looked_back")
    assert event.actor_id == workflow.reviewer.pk


def test_the_system_cannot_file_a_progress_report_and_nothing_is_written(workflow):
    """A report's author is required; SYSTEM passes every side check, so the refusal must
    come first and clearly — it used to be an IntegrityError on `submitted_by`."""
    from duban.rectification.models import ProgressReport
    from duban.rectification.services import report_submit

    seq, reports = last_seq(), ProgressReport.objects.count()
    with pytest.raises(NotPermitted) as refused:
        report_submit(actor=SYSTEM, task_id=workflow.task.pk, narrative="系统代报 ⚠", percent=50)
    assert refused.value.code == "report_by_person"
    assert (last_seq(), ProgressReport.objects.count()) == (seq, reports)
