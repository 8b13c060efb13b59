"""One hand-off walked in a browser: the reporter requests closure, the reviewer finds it in
his 待办 and his inbox and returns it, the reporter finds the return in hers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser_support import screenshot
from tests.factories import make_workflow
from tests.rectification.task_states import png_bytes, to_completed
from tests.rectification.test_browser_task import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def test_a_closure_request_and_its_return_reach_each_side(live_server, page: Page, tmp_path):
    w = make_workflow()
    to_completed(w)
    code = w.task.code
    photo = tmp_path / "竣工.png"
    photo.write_bytes(png_bytes())

    # The reporter asks for closure with evidence.
    log_in(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/tasks/{w.task.pk}/")
    page.get_by_test_id("link-closure").click()
    page.locator("[name=summary]").fill("管网改造全部完成，已通水验收")
    page.locator("[name=evidence]").set_input_files(str(photo))
    page.get_by_role("button", name="申请销号").click()
    expect(page.get_by_test_id("task-state")).to_contain_text("申请销号")
    log_out(page)

    # The reviewer: the badge counts it, home's 待办 links to exactly it, the inbox says it.
    log_in(page, live_server.url, "reviewer")
    expect(page.get_by_test_id("todo-badge")).to_have_text("1")
    accept = page.get_by_test_id("todo-accept")
    expect(accept.get_by_test_id("todo-count")).to_have_text("1")
    screenshot(page, "handoff-reviewer-home")
    accept.click()
    expect(page.get_by_test_id("todo-filter")).to_contain_text("待验收销号申请")
    expect(page.get_by_test_id("task-row")).to_have_count(1)
    expect(page.get_by_test_id("task-row")).to_contain_text(code)
    page.goto(f"{live_server.url}/inbox/")
    note = page.get_by_test_id("notification").first
    expect(note).to_contain_text(f"株洲市住建局 申请销号：{code} 完成老旧管网改造")
    screenshot(page, "handoff-reviewer-inbox")
    note.get_by_test_id("notification-link").click()
    return_form = page.get_by_test_id("action-return")
    return_form.locator("[name=reason]").fill("佐证材料缺少通水检测报告")
    return_form.get_by_role("button").click()
    expect(page.get_by_test_id("task-state")).to_contain_text("整改中")
    log_out(page)

    # The reporter: the return in her 待办 and her inbox.
    log_in(page, live_server.url, "reporter")
    returned = page.get_by_test_id("todo-returned")
    expect(returned.get_by_test_id("todo-count")).to_have_text("1")
    screenshot(page, "handoff-reporter-home")
    returned.click()
    expect(page.get_by_test_id("task-row")).to_contain_text(code)
    page.goto(f"{live_server.url}/inbox/")
    expect(page.get_by_test_id("notification").first).to_contain_text(
        f"株洲市整改办 退回整改任务 {code} 完成老旧管网改造：佐证材料缺少通水检测报告"
    )
    screenshot(page, "handoff-reporter-inbox")
