"""A real browser on the task page under the strict CSP: claim rows added by task.js, the
signer list swapped by htmx, a report and an acceptance filed through the forms."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from duban.rectification.choices import TaskState
from duban.rectification.models import Claim, Task
from tests.browser_support import screenshot
from tests.factories import make_person, make_workflow
from tests.rectification.task_states import (
    PASSWORD,
    png_bytes,
    to_acknowledged,
    to_under_acceptance,
)

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


def test_reporter_files_a_report_with_two_claims_and_a_photo(live_server, page: Page, tmp_path):
    w = make_workflow()
    to_acknowledged(w)
    photo = tmp_path / "现场.png"
    photo.write_bytes(png_bytes())
    log_in(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/tasks/{w.task.pk}/")
    expect(page.get_by_test_id("task-state")).to_contain_text("已签收")
    page.get_by_test_id("link-report").click()

    page.get_by_label("进展情况").fill("完成一期管网改造")
    page.get_by_label("进度（%）").fill("40")
    page.locator("[name=claims-0-metric]").fill("管网改造长度")
    page.locator("[name=claims-0-unit]").fill("公里")
    page.locator("[name=claims-0-value]").fill("42.3")
    page.get_by_role("button", name="增加一行").click()
    page.locator("[name=claims-1-metric]").fill("雨污分流改造小区")
    page.locator("[name=claims-1-unit]").fill("个")
    page.locator("[name=claims-1-value]").fill("12")
    page.locator("[name=attachments]").set_input_files(str(photo))
    screenshot(page, "task-report-form")
    page.get_by_role("button", name="提交报送").click()

    expect(page.get_by_role("alert")).to_contain_text("进展已报送")
    expect(page.get_by_test_id("latest-claims")).to_contain_text("42.3")
    expect(page.get_by_test_id("latest-claims")).to_contain_text("雨污分流改造小区")
    expect(page.get_by_test_id("attachment-link")).to_have_text("现场.png")
    screenshot(page, "task-detail-reported")
    assert Claim.objects.filter(task=w.task).count() == 2


def test_reviewer_picks_signer_by_unit_and_accepts(live_server, page: Page):
    w = make_workflow()
    # Issue 9: the lead unit no longer accepts; the city government may (it is a coordinating
    # organization of the task's level, above the lead unit, not below it).
    city_gov = w.office.parent
    make_person("赵验收", organization=city_gov)
    to_under_acceptance(w)
    log_in(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}/tasks/{w.task.pk}/acceptance/")
    signer = page.get_by_label("签字人")
    expect(signer).to_contain_text("王晓梅")
    page.get_by_label("验收单位").select_option(str(city_gov.pk))
    expect(signer).to_contain_text("赵验收")  # htmx swapped the people of the chosen unit
    expect(signer).not_to_contain_text("王晓梅")
    page.get_by_label("验收单位").select_option(str(w.office.pk))
    expect(signer).to_contain_text("王晓梅")
    signer.select_option(str(w.signer.pk))
    page.locator("[name=document_check_reason]").fill("整改资料经逐项审核，佐证材料完整")
    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    screenshot(page, "task-acceptance-form")
    page.get_by_role("button", name="验收").click()
    expect(page.get_by_role("alert")).to_contain_text("验收通过")
    expect(page.get_by_test_id("signer")).to_contain_text("王晓梅")
    screenshot(page, "task-detail-publicized")
    assert Task.objects.get(pk=w.task.pk).state == TaskState.PUBLICIZED
