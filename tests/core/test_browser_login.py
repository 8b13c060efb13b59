"""A real browser logs in, sees the Chinese shell and the profile, switches to English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser_support import screenshot
from tests.factories import make_two_counties

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reporter_logs_in_and_sees_scope(live_server, page: Page):
    make_two_counties()
    page.goto(f"{live_server.url}/organizations/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/organizations/")
    expect(page.get_by_role("heading", name="登录督办系统")).to_be_visible()
    page.get_by_label("用户名").fill("lukou")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("正确的用户名和密码")
    page.get_by_label("密码").fill("Test-password-2026")
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(f"{live_server.url}/organizations/")
    table = page.get_by_test_id("organization-table")
    expect(table).to_contain_text("渌口区住建局")
    expect(table).not_to_contain_text("荷塘区住建局")
    screenshot(page, "organizations-zh")

    page.get_by_test_id("current-user").click()
    expect(page.get_by_test_id("memberships")).to_contain_text("报送")
    screenshot(page, "profile-zh")

    page.get_by_label("语言").select_option("en")
    expect(page.get_by_role("heading", name="Profile")).to_be_visible()
