"""In a real browser: a reporter changes their password from the navigation bar and signs in
with the new one; a province administrator resets a county user's password."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from duban.core.choices import OrganizationKind, Role
from tests.browser_support import screenshot
from tests.factories import make_organization, make_two_counties, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD = "Test-password-2026"
NEW = "Lukou-river-bridge-77"


def log_in(page: Page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_a_reporter_changes_their_password(live_server, page: Page):
    make_two_counties()
    log_in(page, live_server.url, "lukou", OLD)
    page.get_by_test_id("nav-password").click()
    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()

    page.locator("#id_old_password").fill(OLD)
    page.locator("#id_new_password1").fill("12345678")
    page.locator("#id_new_password2").fill("12345678")
    page.get_by_role("button", name="修改密码").click()
    expect(page.locator('[data-field-error="new_password2"]')).to_have_text(
        ["这个密码太常见了。", "密码只包含数字。"]
    )
    screenshot(page, "password-change-refused-zh")

    page.locator("#id_old_password").fill(OLD)
    page.locator("#id_new_password1").fill(NEW)
    page.locator("#id_new_password2").fill(NEW)
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_test_id("password-changed")).to_contain_text("密码已修改")
    screenshot(page, "password-changed-zh")

    page.get_by_role("button", name="退出").click()
    log_in(page, live_server.url, "lukou", NEW)
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_a_province_admin_resets_a_county_users_password(live_server, page: Page):
    make_two_counties()
    province = make_organization(
        "湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000"
    )
    make_user("hunan_admin", organization=province, role=Role.ADMIN, full_name="赵敏")
    log_in(page, live_server.url, "hunan_admin", OLD)
    page.get_by_role("button", name="基础数据").click()
    page.get_by_role("link", name="重置密码").click()
    row = page.get_by_test_id("user-table").get_by_role("row").filter(has_text="lukou")
    expect(page.get_by_test_id("user-table")).not_to_contain_text("hunan_admin")
    screenshot(page, "password-reset-list-zh")
    row.get_by_role("link", name="重置密码").click()
    page.get_by_role("button", name="重置密码").click()

    generated = page.get_by_test_id("generated-password").input_value()
    assert len(generated) == 19
    screenshot(page, "password-reset-generated-zh")
    page.get_by_role("button", name="退出").click()
    log_in(page, live_server.url, "lukou", generated)
    expect(page.get_by_test_id("current-user")).to_be_visible()
