"""The dossier PDF takes seconds to build: its button shows a spinner and 正在生成… until the
file has arrived, then the file is saved under the server's name and the button comes back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser_support import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records every text the button shows while busy (the spinner may be too quick to catch).
WATCH_BUSY = """(button) => {
  window.busyTexts = [];
  new MutationObserver(() => {
    if (button.getAttribute("aria-busy") === "true") window.busyTexts.push(button.textContent);
  }).observe(button, { attributes: true, childList: true, subtree: true });
}"""


def test_the_dossier_pdf_button_shows_progress_then_saves_the_file(live_server, page: Page, scene):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(scene.supervisor.username)
    page.get_by_label("密码").fill("Test-password-2026")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/problems/{scene.w.problem.code}/responsibility/")
    button = page.get_by_test_id("dossier-pdf")
    expect(button).to_have_text("一案一档（PDF）")
    button.evaluate(WATCH_BUSY)
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.startswith(f"一案一档-{scene.w.problem.code}-")
    assert download.value.suggested_filename.endswith(".pdf")
    assert "正在生成…" in page.evaluate("window.busyTexts")
    expect(button).to_have_text("一案一档（PDF）")
    expect(button).not_to_have_attribute("aria-busy", "true")
    screenshot(page, "dossier-download-done")
