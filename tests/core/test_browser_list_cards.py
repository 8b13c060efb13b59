"""A real 390 px phone on every list converted to core.web.lists: the rows are cards with
their column names, and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from duban.rectification.choices import TaskState, WarningLevel
from duban.rectification.models import Task
from tests.accountability.conftest import open_case
from tests.browser_support import screenshot
from tests.rectification.test_browser_task import log_in
from tests.rectification.test_views_queues import notify
from tests.verification.scene import build_scene, record_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth"
REVIEWER_LISTS = {
    "/signals/": "signal-table",
    "/site-checks/": "site-check-table",
    "/organizations/": "organization-table",
    "/people/": "person-table",
    "/review/": "review-tasks",
    "/warnings/": "warning-table",
    "/filings/": "filing-table",
    "/inbox/": "notifications",
}
SUPERVISOR_LISTS = {"/accountability/": "case-table", "/accountability/ledger/": "overview-table"}


def _visit(page: Page, base: str, url: str, table: str) -> None:
    page.goto(f"{base}{url}")
    rows = page.get_by_test_id(table).locator("tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.first.evaluate("row => getComputedStyle(row).display") == "block", url
    expect(page.get_by_test_id(table).locator("thead")).to_be_hidden()
    assert page.evaluate(OVERFLOW) <= 390, url


def test_every_list_is_cards_on_a_phone(live_server, page: Page):
    s = build_scene()
    w = s.w
    record_check(s)
    Task.objects.filter(pk=w.task.pk).update(warning_level=WarningLevel.RED)
    notify(w.reviewer, w.task, "phone", message="株洲市住建局报送的整改进展需要复核，请及时处理")
    open_case(w, s.supervisor.memberships.get().organization, s.supervisor)
    log_in(page, live_server.url, w.reviewer.username)  # on a desktop: the menu is open
    page.set_viewport_size({"width": 390, "height": 844})
    for url, table in REVIEWER_LISTS.items():
        if url == "/review/":
            Task.objects.filter(pk=w.task.pk).update(state=TaskState.CLOSURE_REQUESTED)
        _visit(page, live_server.url, url, table)
    label = page.locator("td[data-label='收到时间']").first
    assert label.evaluate("td => getComputedStyle(td, '::before').content") == '"收到时间"'
    screenshot(page, "inbox-phone-390")
    page.goto(f"{live_server.url}/signals/")
    screenshot(page, "signal-list-phone-390")
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, s.supervisor.username)
    page.set_viewport_size({"width": 390, "height": 844})
    for url, table in SUPERVISOR_LISTS.items():
        _visit(page, live_server.url, url, table)
    screenshot(page, "ledger-phone-390")
