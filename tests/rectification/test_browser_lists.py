"""A real browser on the task list: on a 390 px phone the rows are cards with their column
names and nothing scrolls sideways; 全选 and 批量签收 acknowledge the ticked tasks."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from duban.rectification.models import Task
from tests.browser_support import screenshot
from tests.factories import add_task, make_workflow
from tests.rectification.test_browser_task import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth"


def test_phone_shows_cards_and_bulk_acknowledge_works(live_server, page: Page):
    w = make_workflow()
    for number in (2, 3):
        add_task(w.problem, number, unit=w.housing, person=w.responsible, title="完成雨污分流改造")
    log_in(page, live_server.url, "reporter")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/tasks/")
    table = page.get_by_test_id("task-table")
    expect(table.locator("thead")).to_be_hidden()
    first = table.get_by_test_id("task-row").first
    assert first.evaluate("row => getComputedStyle(row).display") == "block"
    deadline = first.locator("td[data-label='整改时限']")
    assert deadline.evaluate("td => getComputedStyle(td, '::before').content") == '"整改时限"'
    assert page.evaluate(OVERFLOW) <= 390
    screenshot(page, "task-list-phone-390")

    page.get_by_label("全选").check()
    page.get_by_test_id("bulk-acknowledge-submit").click()
    expect(page.get_by_role("alert").first).to_contain_text("已签收3项任务")
    assert set(Task.objects.values_list("state", flat=True)) == {"acknowledged"}
    assert page.evaluate(OVERFLOW) <= 390


def test_desktop_filters_show_their_labels_whole(live_server, page: Page):
    make_workflow()
    log_in(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}/tasks/?sort=-deadline")
    filters = page.get_by_test_id("task-filters")
    for label in ["整改方案", "牵头单位", "状态", "序时进度", "预警"]:
        expect(filters.get_by_text(label, exact=True)).to_be_visible()
    # Each select is wide enough for its longest choice ("全部状…" was cut off).
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.list-filters select')].filter(select => {
             const probe = document.createElement('span');
             probe.style.font = getComputedStyle(select).font;
             probe.style.position = 'absolute';
             document.body.append(probe);
             const widest = Math.max(...[...select.options].map(o => {
               probe.textContent = o.textContent; return probe.offsetWidth; }));
             probe.remove();
             return widest > select.clientWidth;
           }).map(select => select.name)"""
    )
    assert cut == []
    expect(page.locator("th[aria-sort='descending']")).to_contain_text("整改时限")
    screenshot(page, "task-list-desktop-sorted")
