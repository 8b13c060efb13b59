"""The main path in a real browser, as its users walk it (issue: rectification workflow).

A reporter of the lead unit acknowledges an assigned task, starts it, files a progress report
with a claim and a photo, reports it completed and requests closure with evidence; a reviewer
of the city's rectification office begins acceptance and accepts with the five tests and a
named signer; the task is publicized, and once the notice period has passed (time moved, then
the daily scan run) it is closed. Every screen is checked in Chinese.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from duban.core import clock
from duban.core.models import Event
from duban.rectification.choices import TaskState
from duban.rectification.models import Task
from duban.rectification.services import scan
from tests.browser_support import screenshot
from tests.factories import make_workflow
from tests.images import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Test-password-2026"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    expect(page.get_by_role("heading", name="登录督办系统")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="登录督办系统")).to_be_visible()


def act(page: Page, action: str, label: str) -> None:
    page.get_by_test_id(f"action-{action}").get_by_role("button", name=label).click()
    expect(page.get_by_role("alert").first).to_be_visible()


def test_report_close_out_and_notice_period(live_server, page: Page, tmp_path, settings):
    w = make_workflow()
    picture, evidence = tmp_path / "现场.jpg", tmp_path / "竣工验收.jpg"
    picture.write_bytes(photo(seed=31))
    evidence.write_bytes(photo(seed=32))

    log_in(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/tasks/")
    expect(page.get_by_role("row", name="完成老旧管网改造")).to_be_visible()
    page.get_by_role("link", name="HN-ZZ-01-1").click()
    expect(page.get_by_test_id("task-state")).to_contain_text("已交办")
    act(page, "acknowledge", "签收")
    expect(page.get_by_test_id("task-state")).to_contain_text("已签收")
    act(page, "start", "开始整改")
    expect(page.get_by_test_id("task-state")).to_contain_text("整改中")

    page.get_by_test_id("link-report").click()
    page.get_by_label("进展情况").fill("完成一期老旧管网改造，正在推进二期")
    page.get_by_label("进度（%）").fill("60")
    page.locator("[name=claims-0-metric]").fill("管网改造长度")
    page.locator("[name=claims-0-unit]").fill("公里")
    page.locator("[name=claims-0-value]").fill("42.3")
    page.locator("[name=attachments]").set_input_files(str(picture))
    page.get_by_role("button", name="提交报送").click()
    expect(page.get_by_test_id("latest-claims")).to_contain_text("42.3")
    expect(page.get_by_test_id("attachment-link").first).to_have_text("现场.jpg")
    screenshot(page, "walk-1-reported")

    # Reported at 60 %: completing asks why (issue 9), and the acceptor reads it.
    page.locator("#id_complete_reason").fill("二期改造已并入城市更新项目，一期全部完工")
    act(page, "complete", "报告完成")
    expect(page.get_by_test_id("task-state")).to_contain_text("已完成")
    page.get_by_test_id("link-closure").click()
    page.locator("[name=summary]").fill("老旧管网改造全部完成，混流直排已消除")
    page.locator("[name=evidence]").set_input_files(str(evidence))
    page.get_by_role("button", name="申请销号").click()
    expect(page.get_by_test_id("task-state")).to_contain_text("申请销号")
    screenshot(page, "walk-2-closure-requested")
    log_out(page)

    log_in(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}/review/")
    expect(page.get_by_role("row", name="完成老旧管网改造")).to_be_visible()
    page.get_by_role("link", name="HN-ZZ-01-1").click()
    act(page, "begin_acceptance", "开始验收")
    expect(page.get_by_test_id("task-state")).to_contain_text("验收中")
    page.get_by_test_id("link-acceptance").click()
    page.get_by_label("签字人").select_option(str(w.signer.pk))
    page.locator("[name=document_check_reason]").fill("竣工验收资料齐全，与现场照片一致")
    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    page.get_by_role("button", name="验收").click()
    expect(page.get_by_test_id("task-state")).to_contain_text("公示中")
    expect(page.get_by_test_id("signer")).to_contain_text("王晓梅")
    screenshot(page, "walk-3-publicized")

    # Time moves on: the notice period ends and the daily scan closes the task.
    settings.DUBAN_TODAY = clock.today() + timedelta(days=7)
    assert scan().closed == 1
    page.reload()
    expect(page.get_by_test_id("task-state")).to_contain_text("已销号")
    expect(page.get_by_test_id("timeline")).to_contain_text("销号")
    screenshot(page, "walk-4-closed")

    task = Task.objects.get(pk=w.task.pk)
    assert task.state == TaskState.CLOSED and task.closed_on == settings.DUBAN_TODAY
    verbs = list(
        Event.objects.filter(
            subject_type="rectification.task", subject_id=str(task.pk)
        ).values_list("verb", flat=True)
    )
    assert verbs == [
        "task.created",
        "task.acknowledged",
        "task.started",
        "report.submitted",
        "task.completed",
        "task.closure_requested",
        "task.acceptance_started",
        "task.accepted",
        "task.closed",
    ]
