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
    # the workflow's one problem is a feedback problem; a summary over every source says 问题
    assert (
        after.sentence("feedback")
        == "反馈问题1个：已完成1个（其中已销号0个），达到序时进度0个，滞后0个"
    )
    assert after.sentence() == "问题1个：已完成1个（其中已销号0个），达到序时进度0个，滞后0个"
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


def _problem_of_each_other_source(workflow):
    from duban.core.principal import SYSTEM
    from duban.inspections.services import problem_create

    for number, source in enumerate(["typical_case", "complaint", "self_found"], start=2):
        problem_create(
            actor=SYSTEM,
            code=f"HN-ZZ-0{number}",
            source=source,
            title=f"问题{number}",
            description="描述",
            region=workflow.problem.region,
            plan=workflow.plan,
            categories=["water"],
        )


def test_the_published_sentence_counts_each_source_apart(workflow):
    # given one problem of each source (the workflow's own problem is a feedback problem)
    _problem_of_each_other_source(workflow)
    # when the sentences are counted by source
    rows = statistics.summary_by_source(user=workflow.reviewer)
    # then 反馈问题 counts the feedback problem only, and each other source has its own line
    assert [(row.key, row.summary.problems) for row in rows] == [
        ("feedback", 1),
        ("typical_case", 1),
        ("complaint", 1),
        ("self_found", 1),
    ]
    sentences = statistics.published_sentences(rows)
    assert sentences[0] == "反馈问题1个：已完成0个（其中已销号0个），达到序时进度1个，滞后0个"
    assert [sentence.split("：")[0] for sentence in sentences] == [
        "反馈问题1个",
        "典型案例问题1个",
        "信访举报问题1个",
        "自查发现问题1个",
    ]


def test_without_other_sources_only_the_feedback_sentence_is_published(workflow):
    sentences = statistics.published_sentences(statistics.summary_by_source(user=workflow.reviewer))
    assert sentences == ["反馈问题1个：已完成0个（其中已销号0个），达到序时进度1个，滞后0个"]


def test_the_statistics_page_home_panel_and_api_count_by_source(workflow):
    from tests.clients import client_for

    _problem_of_each_other_source(workflow)
    client = client_for(workflow.reviewer)
    page = client.get("/statistics/").content.decode()
    assert page.count('data-testid="sentence"') == 4
    assert "反馈问题1个：" in page and "典型案例问题1个：" in page and "自查发现问题1个：" in page
    home = client.get("/").content.decode()
    assert home.count('data-testid="home-sentence-line"') == 4 and "信访举报问题1个：" in home
    body = client.get("/api/stats/summary").json()
    assert body["problems"] == 4 and body["sentence"].startswith("反馈问题1个：")
    assert [s.split("：")[0] for s in body["sentences"]] == [
        "反馈问题1个",
        "典型案例问题1个",
        "信访举报问题1个",
        "自查发现问题1个",
    ]
