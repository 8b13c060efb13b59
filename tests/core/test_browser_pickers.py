"""A real browser under the strict CSP types in pickers and chooses: the site-check form
filled without a single code or id (tasks, region, inspectors by name), its position from the
photo's GPS."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from duban.verification.models import SiteCheck
from tests.browser_support import screenshot
from tests.factories import make_workflow
from tests.rectification.task_states import PASSWORD
from tests.verification.scene import jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def pick(page: Page, field: str, typed: str, choice: str) -> None:
    """Type in a picker's search box and click the offered row named `choice`."""
    picker = page.get_by_test_id(f"picker-{field}")
    picker.locator("input[type=search]").fill(typed)
    option = picker.locator("[data-pick-value]", has_text=choice)
    expect(option).to_be_visible()
    option.click()
    expect(picker.locator("[data-picker-chip]", has_text=choice)).to_be_visible()


def test_site_check_filled_with_pickers(live_server, page: Page, tmp_path):
    w = make_workflow()
    log_in(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}/site-checks/new/")
    expect(page.get_by_role("heading", name="记录现场核查")).to_be_visible()

    pick(page, "tasks", "管网", "完成老旧管网改造（株洲市住建局）")
    region = page.get_by_test_id("picker-region")
    region.locator("input[type=search]").fill("荷塘")
    expect(region.locator("[data-pick-value]")).to_have_count(1)
    screenshot(page, "picker-region-open")
    region.locator("[data-pick-value]").click()
    expect(region.locator("[data-picker-chip]")).to_have_text("湖南省 / 株洲市 / 荷塘区")

    # The lead unit's head is not offered as an inspector once its task is chosen.
    inspectors = page.get_by_test_id("picker-inspectors")
    inspectors.locator("input[type=search]").fill("周建国")
    expect(inspectors.locator(".list-group-item").first).to_have_text("没有符合的结果。")
    expect(inspectors.locator("[data-pick-value]")).to_have_count(0)
    pick(page, "inspectors", "王", "王晓梅（株洲市整改办）")
    pick(page, "inspectors", "陈", "陈志远（株洲市人民政府）")
    # Removing a chip takes the value away again.
    inspectors.locator("[data-picker-chip]", has_text="陈志远").locator(
        "[data-picker-remove]"
    ).click()
    expect(inspectors.locator("[data-picker-chip]")).to_have_count(1)

    page.locator("#id_place").fill("石峰区老旧管网改造片区")
    page.locator("#id_findings").fill("逐段核对：实际完成改造 8.84 公里")
    photo = jpeg("现场.jpg")
    path = tmp_path / "现场.jpg"
    path.write_bytes(photo.read())
    page.locator("#id_evidence").set_input_files(str(path))
    screenshot(page, "picker-site-check-filled")
    page.get_by_role("button", name="保存现场核查").click()

    expect(page.get_by_role("alert")).to_contain_text("已记录现场核查")
    check = SiteCheck.objects.get()
    assert [task.pk for task in check.tasks.all()] == [w.task.pk]
    assert [person.name for person in check.inspectors.all()] == ["王晓梅"]
    assert check.region_id == "430202"
    assert (check.latitude, check.longitude) == (Decimal("27.870000"), Decimal("113.160000"))
