"""Statistics in the published form, from the stored task and problem states."""

from __future__ import annotations

import pytest

from duban.rectification import statistics
from duban.rectification.services import task_transition

pytestmark = pytest.mark.django_db


def test_summary_counts_completed_and_closed_apart(workflow):
    before = statistics.summary(user=workflow.reviewer)
    assert (before.problems, before.completed, before.closed, before.on_schedule) == (1, 0, 0, 1)
    for action in ["acknowledge", "start", "complete"]:
        note = (
            "整改措施已完成，完工进度未另行报送" if action == "complete" else ""
        )  # short of 80 %: explained
        task_transition(
            actor=workflow.reporter, task_id=workflow.task.pk, action=action, reason=note
        )
    after = statistics.summary(user=workflow.reviewer, plan="ZZ-2021")
    assert (after.completed, after.closed, after.on_schedule, after.behind) == (1, 0, 0, 0)
    assert after.sentence() == "反馈问题1个：已完成1个（其中已销号0个），达到序时进度0个，滞后0个"
    assert after.completion_rate == 100.0 and after.closure_rate == 0.0


def test_summary_rows_by_region_unit_and_plan(workflow):
    by_region = statistics.summary_by_region(user=workflow.reviewer)
    assert [(row.key, row.label, row.summary.problems) for row in by_region] == [
        ("430200", "株洲市", 1)
    ]
    by_unit = statistics.summary_by_unit(user=workflow.reviewer)
    assert [(row.label, row.summary.problems) for row in by_unit] == [("株洲市住建局", 1)]
    by_plan = statistics.summary_by_plan(user=workflow.reviewer)
    assert [(row.key, row.summary.problems) for row in by_plan] == [("ZZ-2021", 1)]


def test_out_of_scope_user_counts_nothing(workflow):
    assert statistics.summary(user=workflow.outsider).problems == 0
