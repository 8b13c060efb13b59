"""The password pages: changing one's own keeps this session and ends the others and the API
tokens; an administrator's reset shows a generated password once and signs the user out."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event
from duban.core.services import api_token_create
from tests.clients import client_for
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.django_db

OLD = "Test-password-2026"
NEW = "Lukou-river-bridge-77"


def bearer(secret: str) -> int:
    return Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code


def logs_in(username: str, password: str) -> bool:
    """Whether the login page lets this password in (axes needs the real request)."""
    data = {"username": username, "password": password}
    return Client().post("/accounts/login/", data).status_code == 302


def signed_in(client: Client) -> bool:
    """Whether the client's session still signs it in (a page, not the login redirect)."""
    return client.get("/profile/").status_code == 200


def change(client: Client, old: str = OLD, new: str = NEW, again: str | None = None) -> Any:
    data = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return client.post("/accounts/password/", data)


@pytest.fixture
def province_admin(counties) -> Any:
    province = make_organization(
        "湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000"
    )
    return make_user("hunan_admin", organization=province, role=Role.ADMIN)


# Changing one's own


def test_the_page_is_in_chinese_and_says_the_rules(counties):
    page = client_for(counties.lukou_reporter).get("/accounts/password/").content.decode()
    assert '<h1 class="h3 mb-3">修改密码</h1>' in page
    assert ">旧密码 <span" in page
    assert "至少 8 个字符" in page  # the validators' rules, as plain text


def test_a_changed_password_keeps_this_session_and_ends_the_others(counties):
    user = counties.lukou_reporter
    _token, secret = api_token_create(actor=user, user=user, name="报送脚本")
    here, elsewhere = client_for(user), client_for(user)
    assert bearer(secret) == 200

    response = change(here)

    assert response.status_code == 302 and response["Location"] == "/accounts/password/done/"
    assert signed_in(here)
    assert not signed_in(elsewhere)
    assert bearer(secret) == 401
    assert Event.objects.filter(verb="password.changed", actor=user).count() == 1
    assert logs_in("lukou", NEW)
    done = here.get("/accounts/password/done/").content.decode()
    assert "密码已修改" in done


@pytest.mark.parametrize(
    ("old", "new", "again", "field", "says"),
    [
        ("guess", NEW, None, "old_password", "旧密码"),
        (OLD, "12345678", None, "new_password2", "这个密码太常见了"),
        (OLD, "Ab-1", None, "new_password2", "密码太短，至少需要 8 个字符"),
        (OLD, NEW, "Lukou-river-bridge-78", "new_password2", "两个密码不一致"),
    ],
)
def test_a_refused_change_says_why_on_the_field_and_changes_nothing(
    counties, old, new, again, field, says
):
    client = client_for(counties.lukou_reporter)
    response = change(client, old, new, again)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and says in " ".join(errors[field]), errors
    assert not Event.objects.filter(verb="password.changed").exists()
    assert logs_in("lukou", OLD)


# An administrator's reset


def test_the_list_shows_the_users_in_the_admins_scope_only(counties, province_admin):
    jiangxi = make_organization(
        "江西省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="360000"
    )
    make_user("jiangxi_reporter", organization=jiangxi)
    page = client_for(province_admin).get("/accounts/users/").content.decode()
    for username in ("lukou", "hetang", "city"):
        assert f"<td>{username}</td>" in page
    assert "jiangxi_reporter" not in page and "<td>hunan_admin</td>" not in page
    found = client_for(province_admin).get("/accounts/users/", {"q": "luk"}).content.decode()
    assert "<td>lukou</td>" in found and "<td>hetang</td>" not in found


def test_a_reporter_is_told_why_not(counties):
    response = client_for(counties.lukou_reporter).get("/accounts/users/")
    assert response.status_code == 403
    assert "只有管理员可以重置他人的密码" in response.content.decode()


def test_a_generated_password_is_shown_once_and_signs_the_user_out(counties, province_admin):
    user = counties.lukou_reporter
    _token, secret = api_token_create(actor=user, user=user, name="报送脚本")
    theirs = client_for(user)
    path = f"/accounts/users/{user.pk}/password/"

    response = client_for(province_admin).post(path, {"password1": "", "password2": ""})

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    generated = response.context["generated"]
    assert f'value="{generated}"' in response.content.decode()
    assert not signed_in(theirs)
    assert bearer(secret) == 401
    assert logs_in("lukou", generated)
    event = Event.objects.get(verb="password.reset")
    assert event.actor == province_admin and event.data["generated"] is True
    again = client_for(province_admin).get(path).content.decode()
    assert generated not in again


def test_a_typed_password_is_validated_against_the_user(counties, province_admin):
    path = f"/accounts/users/{counties.lukou_reporter.pk}/password/"
    admin = client_for(province_admin)
    weak = admin.post(path, {"password1": "lukou2026", "password2": "lukou2026"})
    assert weak.status_code == 400
    assert "密码跟 用户名 太相似了" in " ".join(weak.context["form"].errors["password1"])
    differ = admin.post(path, {"password1": NEW, "password2": NEW + "x"})
    assert differ.status_code == 400 and "两次输入的密码不一致" in differ.content.decode()
    assert not Event.objects.filter(verb="password.reset").exists()

    typed = admin.post(path, {"password1": NEW, "password2": NEW})

    assert typed.status_code == 200 and typed.context["generated"] is None
    assert NEW not in typed.content.decode()
    assert logs_in("lukou", NEW)


def test_a_superuser_is_reset_by_a_superuser_only(counties, province_admin):
    root = make_user("root", is_superuser=True)
    path = f"/accounts/users/{root.pk}/password/"
    assert client_for(province_admin).get(path).status_code == 404
    other_root = make_user("root2", is_superuser=True)
    assert client_for(other_root).get(path).status_code == 200
    assert client_for(root).get(path).status_code == 404  # their own: the change page
