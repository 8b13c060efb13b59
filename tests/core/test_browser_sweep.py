"""Every page a demo role reaches from the navigation, and the first item of each list, read
in a phone-width browser (issue 10's final check): no untranslated English in what is shown,
no console error, no horizontal overflow at 390 px."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from duban.demo.load import load_demo
from tests.browser_support import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
# Codes, numbers, file names, addresses: "HN-DX-2021-02-1", "v2", "report.docx", "a@b.cn".
CODE = re.compile(r"[\w.@]*\d[\w.@-]*|\w+(?:[-_./@]\w+)+")
LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
# Names of formats and standards a Chinese page writes in Latin letters.
ALLOWED = {
    "PDF",
    "Excel",
    "Word",
    "xlsx",
    "docx",
    "HTTPS",
    "JSON",
    "Bearer",
    "Token",
    "Authorization",
}
# Not ours to translate: Django's admin.
SKIPPED_PREFIXES = ("/admin/", "/accounts/logout/")
# Files, not pages: attachments, exports, generated documents.
DOWNLOAD = re.compile(r"/attachments/|/export|/download|\.(xlsx|docx|pdf|csv|zip)\b")


@dataclass
class Sweep:
    usernames: set[str]
    problems: list[str] = field(default_factory=list)
    visited: int = 0


def english_words(text: str, allowed: set[str]) -> list[str]:
    """Runs of 4+ Latin letters outside codes and the allowed names."""
    words = LATIN_WORD.findall(CODE.sub(" ", text))
    return sorted({word for word in words if word not in allowed})


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("current-user").wait_for(state="attached")  # folded at 390 px


def nav_paths(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "nav a.nav-link[href^='/'], nav a.dropdown-item[href^='/']",
        "links => links.map(link => link.getAttribute('href'))",
    )
    return [h for h in dict.fromkeys(hrefs) if not h.startswith(SKIPPED_PREFIXES)]


def first_item(page: Page) -> str | None:
    """The first row's link of the page's list (a table's body or a list group), if any."""
    href = page.evaluate(
        """() => {
          const link = document.querySelector(
            "main table tbody a[href^='/'], main .list-group a[href^='/']");
          return link ? link.getAttribute('href') : null;
        }"""
    )
    if not href or href.startswith(SKIPPED_PREFIXES) or DOWNLOAD.search(href):
        return None
    return href


def check(page: Page, base: str, path: str, sweep: Sweep, errors: list[str], who: str) -> None:
    errors.clear()
    response = page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    sweep.visited += 1
    where = f"{who} {urlsplit(path).path}"
    status = response.status if response else 0
    if status >= 400:
        sweep.problems.append(f"{where}: status {status}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > WIDTH:
        sweep.problems.append(f"{where}: {width} px wide")
    text = page.evaluate("document.body.innerText")
    words = english_words(text, ALLOWED | sweep.usernames)
    if words:
        sweep.problems.append(f"{where}: English {words[:8]}")
    if errors:
        sweep.problems.append(f"{where}: console {errors[:3]}")


def sweep_role(browser: Browser, base: str, login, sweep: Sweep) -> None:  # noqa: ANN001
    context = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        log_in(page, base, login.username, login.password)
        screenshot(page, f"sweep-{login.username}-home")
        for path in nav_paths(page):
            check(page, base, path, sweep, errors, login.username)
            item = first_item(page)
            if item:
                check(page, base, item, sweep, errors, login.username)
    finally:
        context.close()


def test_every_page_of_every_demo_role(live_server, browser: Browser, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    logins = load_demo()
    sweep = Sweep(usernames={login.username for login in logins})
    for login in logins:
        sweep_role(browser, live_server.url, login, sweep)
    assert sweep.visited > 50
    assert sweep.problems == [], "\n".join(sweep.problems)
