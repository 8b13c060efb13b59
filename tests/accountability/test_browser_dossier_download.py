"""The dossier PDF takes seconds to build, so it is a background job: the button opens the
job's page, which shows its progress while it waits and runs, then — without a reload, by
htmx polling — the link that saves the file under the server's name."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from duban.core.models import Job
from tests.browser_support import screenshot
from tests.jobs import run_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dossier_pdf_shows_its_progress_then_the_link(live_server, page: Page, scene):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(scene.supervisor.username)
    page.get_by_label("密码").fill("Test-password-2026")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/problems/{scene.w.problem.code}/responsibility/")
    button = page.get_by_test_id("dossier-pdf")
    expect(button).to_have_text("一案一档（PDF）")
    button.click()
    expect(page).to_have_url(f"{live_server.url}/jobs/{Job.objects.get().pk}/")
    expect(page.get_by_role("heading")).to_have_text(f"{scene.w.problem.code} 一案一档（PDF）")
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_have_attribute("data-state", "queued")
    expect(progress.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "0")
    expect(progress).to_contain_text("等待后台处理…")
    screenshot(page, "dossier-job-queued")

    assert run_jobs() == 1  # the worker, in this process
    link = page.get_by_test_id("job-download")
    expect(link).to_be_visible(timeout=10_000)  # the page's next poll brings it
    expect(progress).to_have_attribute("data-state", "done")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith(f"一案一档-{scene.w.problem.code}-")
    assert download.value.suggested_filename.endswith(".pdf")
    screenshot(page, "dossier-job-done")
