"""Login, lockout, hashing, headers, language and the role-aware shell."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from duban.core.choices import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "Test-password-2026"


def login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_and_logout(counties):
    client = Client()
    assert login(client, "lukou", PASSWORD)["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_login_form_requires_csrf(counties):
    client = Client(enforce_csrf_checks=True)
    assert login(client, "lukou", PASSWORD).status_code == 403


def test_wrong_password_shows_message_in_chinese(counties):
    page = login(Client(), "lukou", "wrong").content.decode()
    assert "请输入一个正确的" in page  # Django's own zh-hans message for a bad login


def test_lockout_after_repeated_failures(counties, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "lukou", "wrong")
    locked = login(client, "lukou", PASSWORD)
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert login(other, "lukou", PASSWORD).status_code == 302  # lockout is per address


def test_one_address_trying_many_usernames_is_locked_out(counties, settings):
    settings.DUBAN_LOGIN_ADDRESS_FAILURE_LIMIT = 12
    spray = Client(REMOTE_ADDR="10.7.7.7")
    for number in range(11):  # never more than AXES_FAILURE_LIMIT for one username
        assert login(spray, f"guess{number}", "wrong").status_code == 200
    assert login(spray, "lukou", PASSWORD).status_code == 302  # 11 failures: still allowed
    spray.post("/accounts/logout/")
    assert login(spray, "guess11", "wrong").status_code == 429  # the 12th locks the address
    locked = login(spray, "lukou", PASSWORD)
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    assert login(Client(REMOTE_ADDR="10.7.7.8"), "lukou", PASSWORD).status_code == 302


def test_passwords_are_hashed_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = make_user("hashed")
    assert get_user_model().objects.get(pk=user.pk).password.startswith("argon2$")


def test_security_headers_and_csp_without_inline_scripts(counties):
    client = Client()
    client.force_login(counties.lukou_reporter)
    for path in ["/", "/profile/", "/organizations/", "/people/", "/accounts/login/"]:
        response = client.get(path)
        csp = response["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp
            and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        )
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        html = response.content.decode()
        inline = [s for s in re.findall(r"<script([^>]*)>", html) if "src=" not in s]
        assert inline == [], f"inline script on {path}"
        assert "http://" not in html.replace("http://testserver", "") and "https://" not in html


def test_session_cookie_is_httponly_and_samesite(counties):
    response = login(Client(), "lukou", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_chinese_by_default_english_on_request(counties):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    client.force_login(counties.lukou_reporter)
    chinese = client.get("/").content.decode()
    assert "可见单位" in chinese and 'lang="zh-hans"' in chinese
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    assert "Organizations in scope" in english and "可见单位" not in english


def test_navigation_follows_role(counties):
    staff = make_user("root", organization=counties.city_office, role=Role.ADMIN, is_superuser=True)
    reporter = Client()
    reporter.force_login(counties.lukou_reporter)
    admin = Client()
    admin.force_login(staff)
    assert "管理后台" not in reporter.get("/").content.decode()
    assert "管理后台" in admin.get("/").content.decode()


def test_profile_shows_organizations_and_scope(counties):
    client = Client()
    client.force_login(counties.city_reviewer)
    page = client.get("/profile/").content.decode()
    assert "株洲市整改办" in page and "审核" in page
    assert "株洲市（430200）" in page


def test_home_shows_the_published_sentence_and_what_needs_attention(workflow):
    client = Client()
    client.force_login(workflow.reviewer)
    page = client.get("/").content.decode()
    assert "反馈问题1个：已完成0个（其中已销号0个），达到序时进度1个，滞后0个" in page
    assert "红色预警" in page and "未读消息" in page
    outsider = Client()
    outsider.force_login(workflow.outsider)
    assert "反馈问题0个" in outsider.get("/").content.decode()
