"""The handling unit's worker takes a complaint to 已办结 in the browser: acknowledges it,
writes the reply, records the handling as concluded, and sees 已办结 — no identity shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser_support import screenshot
from tests.complaints.scene import COMPLAINANT, build_scene
from tests.rectification.test_browser_task import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_unit_takes_a_complaint_to_concluded(live_server, page: Page):
    scene = build_scene()
    log_in(page, live_server.url, "unit_worker")
    page.goto(f"{live_server.url}/complaints/{scene.complaint.pk}/")
    panel = page.get_by_test_id("handling-panel")  # on the complaint's page
    expect(panel.get_by_test_id("complaint-state")).to_have_attribute("data-state", "transferred")

    page.get_by_test_id("action-acknowledge").get_by_role("button").click()
    expect(panel.get_by_test_id("complaint-state")).to_have_attribute("data-state", "handling")

    reply = page.get_by_test_id("action-reply")
    reply.locator("[name=text]").fill(
        "经调查核实，你反映的问题属实。已责令该公司停产整改并立案处罚。"
    )
    reply.get_by_role("button").click()
    expect(panel.get_by_test_id("reply")).to_contain_text("已责令该公司停产整改")

    form = page.get_by_test_id("action-handle")
    form.locator("[name=outcome]").select_option("concluded")
    form.locator("[name=truth]").select_option("true")
    form.locator("[name=investigation]").fill("现场检查发现该公司夜间通过暗管排放废水")
    form.locator("[name=measures]").fill("责令停产整改，立案处罚")
    form.locator("[name=ordered_to_rectify]").fill("1")
    form.locator("[name=cases_filed]").fill("1")
    form.locator("[name=fines_wan_yuan]").fill("25.5")
    form.get_by_role("button").click()

    expect(panel.get_by_test_id("complaint-state")).to_have_text("已办结")
    expect(panel.get_by_test_id("enforcement")).to_contain_text("25.50")
    expect(panel.get_by_test_id("reply-docx")).to_be_visible()
    expect(page.get_by_test_id("action-handle")).to_have_count(0)
    screenshot(page, "complaint-handling-concluded")
    content = page.content()
    for secret in (COMPLAINANT.name, COMPLAINANT.phone, COMPLAINANT.address):
        assert secret not in content
