"""The task page follows the current state (issue 10, point 4): a returned closure request is
no longer awaited, the progress shown is the last reported, and no extension is offered
once the work is reported done."""

from __future__ import annotations

import re
from typing import Any

import pytest

from duban.errors import ApplicationError
from duban.rectification.choices import CloseOutStanding, TaskState
from duban.rectification.rules import closeout_standing
from duban.rectification.services import extension_request, report_submit, task_transition
from tests.clients import client_for
from tests.rectification.task_states import (
    state_of,
    to_closure_requested,
    to_in_progress,
    to_under_acceptance,
)

pytestmark = pytest.mark.django_db


def _page(w: Any, user: Any = None) -> str:
    response = client_for(user or w.reporter).get(f"/tasks/{w.task.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _percent(html: str) -> str:
    found = re.search(r'data-testid="percent">([^<]*)<', html)
    assert found, "no progress shown"
    return found.group(1)


def _standings(html: str) -> list[str]:
    return re.findall(r'data-testid="closeout-standing"><span [^>]*data-closeout="(\w+)"', html)


def _report(w: Any, percent: int) -> None:
    report_submit(actor=w.reporter, task_id=w.task.pk, narrative="本期进展", percent=percent)


def test_completing_at_30_percent_shows_30_percent(workflow):
    to_in_progress(workflow)
    _report(workflow, 30)
    task_transition(
        actor=workflow.reporter, task_id=workflow.task.pk, action="complete", reason="提前完工"
    )
    html = _page(workflow)
    assert state_of(workflow.task) == TaskState.COMPLETED
    assert _percent(html) == "30%"
    assert 'style="width: 30%"' in html
    assert "100%" not in html


def test_without_a_report_no_percent_is_shown(workflow):
    to_in_progress(workflow)
    html = _page(workflow)
    assert _percent(html) == "尚未报送"
    assert 'role="progressbar"' not in html


@pytest.mark.parametrize("advance", [to_closure_requested, to_under_acceptance])
def test_a_returned_closure_request_is_no_longer_awaited(workflow, advance):
    to_in_progress(workflow)
    _report(workflow, 90)
    advance(workflow)
    assert _standings(_page(workflow)) == [
        "awaiting" if advance is to_closure_requested else "under_acceptance"
    ]

    task_transition(
        actor=workflow.reviewer, task_id=workflow.task.pk, action="return", reason="佐证不足"
    )

    html = _page(workflow)
    assert state_of(workflow.task) == TaskState.IN_PROGRESS
    assert _standings(html) == ["returned"]
    assert "已退回" in html and "待验收" not in html
    assert _percent(html) == "90%"  # what was reported, the return changes nothing of it


def test_a_second_request_is_awaited_and_the_first_stays_returned(workflow):
    to_in_progress(workflow)
    to_closure_requested(workflow)
    task_transition(actor=workflow.reviewer, task_id=workflow.task.pk, action="return", reason="补")
    task_transition(
        actor=workflow.reporter, task_id=workflow.task.pk, action="complete", reason="补"
    )
    to_closure_requested(workflow)
    assert _standings(_page(workflow)) == ["awaiting", "returned"]


def test_no_extension_is_offered_once_closure_is_requested(workflow):
    to_in_progress(workflow)
    assert 'data-testid="link-extension"' in _page(workflow)
    to_closure_requested(workflow)

    assert 'data-testid="link-extension"' not in _page(workflow)
    response = client_for(workflow.reporter).get(
        f"/tasks/{workflow.task.pk}/extension/", follow=True
    )
    assert response.redirect_chain == [(f"/tasks/{workflow.task.pk}/", 302)]
    assert "任务当前状态为“申请销号”" in response.content.decode()
    assert "不再延长整改时限" in response.content.decode()
    with pytest.raises(ApplicationError) as refused:
        extension_request(
            actor=workflow.reporter,
            task_id=workflow.task.pk,
            new_deadline=workflow.task.deadline.replace(year=workflow.task.deadline.year + 1),
            reason="需要更多时间",
        )
    assert refused.value.fields["task"].code == "work_reported_done"


def test_an_extension_is_offered_again_after_a_return(workflow):
    to_closure_requested(workflow)
    task_transition(actor=workflow.reviewer, task_id=workflow.task.pk, action="return", reason="补")
    assert 'data-testid="link-extension"' in _page(workflow)


@pytest.mark.parametrize(
    ("accepted", "current", "state", "standing"),
    [
        (None, True, TaskState.CLOSURE_REQUESTED, CloseOutStanding.AWAITING),
        (None, True, TaskState.UNDER_ACCEPTANCE, CloseOutStanding.UNDER_ACCEPTANCE),
        (None, True, TaskState.IN_PROGRESS, CloseOutStanding.RETURNED),
        (None, False, TaskState.CLOSURE_REQUESTED, CloseOutStanding.RETURNED),
        (True, True, TaskState.PUBLICIZED, CloseOutStanding.ACCEPTED),
        (False, False, TaskState.CLOSURE_REQUESTED, CloseOutStanding.NOT_ACCEPTED),
    ],
)
def test_closeout_standing(accepted, current, state, standing):
    assert closeout_standing(accepted=accepted, current=current, task_state=state) == standing
