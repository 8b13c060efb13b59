"""403, 404 and 500 in Chinese inside the site's frame, with a way on (issue 10, point 7); a
refusal says whether the role or the task's state is why."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, RequestFactory

from duban import faults
from duban.core.choices import Role
from tests.clients import client_for
from tests.factories import make_user
from tests.rectification.task_states import to_acknowledged

pytestmark = pytest.mark.django_db

LATIN_WORD = re.compile(r"[A-Za-z]{4,}")


def visible_text(html: str) -> str:
    """The page's text without tags, scripts, styles and attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def assert_chinese_page_in_frame(html: str, *, heading: str, user: Any = None) -> None:
    assert f'<h1 class="h3">{heading}</h1>' in html
    assert '<nav class="navbar' in html  # the site's frame
    assert 'data-testid="error-links"' in html and 'href="/"' in html  # a way on
    names = {user.get_username()} if user else set()  # shown when a user has no full name
    assert [word for word in LATIN_WORD.findall(visible_text(html)) if word not in names] == []


def test_404_is_chinese_in_the_frame_with_navigation(workflow):
    response = client_for(workflow.reporter).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert_chinese_page_in_frame(html, heading="页面不存在", user=workflow.reporter)
    assert 'data-testid="current-user"' in html and ">任务清单<" in html  # the user's navigation


def test_a_task_out_of_scope_is_the_same_404(workflow):
    response = client_for(workflow.outsider).get(f"/tasks/{workflow.task.pk}/")
    assert response.status_code == 404
    assert_chinese_page_in_frame(
        response.content.decode(), heading="页面不存在", user=workflow.outsider
    )


def test_403_is_chinese_in_the_frame_with_navigation(workflow):
    response = client_for(workflow.reporter).get("/review/")  # reviewers' queue
    html = response.content.decode()
    assert response.status_code == 403
    assert_chinese_page_in_frame(html, heading="无权操作", user=workflow.reporter)
    assert "您的角色无权打开此页面" in html


def _broken(**_: Any) -> Any:
    raise RuntimeError("boom")


def test_500_is_chinese_in_the_frame(workflow, monkeypatch):
    monkeypatch.setattr("duban.core.views.selectors.membership_list", _broken)
    client = Client(raise_request_exception=False)
    client.force_login(workflow.reporter)
    response = client.get("/profile/")
    html = response.content.decode()
    assert response.status_code == 500
    assert_chinese_page_in_frame(html, heading="服务器错误")
    assert "boom" not in html


def test_the_500_page_reads_nothing_from_the_database(django_assert_num_queries):
    request = RequestFactory().get("/tasks/")
    with django_assert_num_queries(0):
        response = faults.error_page(request)
    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


def test_the_500_page_survives_a_broken_template(monkeypatch):
    def broken(*_: Any, **__: Any) -> str:
        raise ValueError("template broke")

    monkeypatch.setattr(faults, "render_to_string", broken)
    response = faults.error_page(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


# A refusal says why: the role, or the task's state.


def test_a_viewer_is_told_it_is_the_role_not_the_state(workflow):
    viewer = make_user(organization=workflow.housing, role=Role.VIEWER)
    to_acknowledged(workflow)
    client = client_for(viewer)
    for path in ("report/", "actions/start/", "extension/", "closure/"):
        response = client.get(f"/tasks/{workflow.task.pk}/{path}")
        html = response.content.decode()
        assert response.status_code == 403, path
        assert "您的角色无权对该任务进行此项操作" in html, path
        assert "当前状态" not in html, path
    posted = client.post(f"/tasks/{workflow.task.pk}/actions/start/")
    assert posted.status_code == 403
    assert "您的角色无权" in posted.content.decode()
    assert "当前状态" not in posted.content.decode()


def test_the_lead_unit_is_told_it_is_the_state(workflow):
    to_acknowledged(workflow)
    response = client_for(workflow.reporter).get(
        f"/tasks/{workflow.task.pk}/actions/complete/", follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain == [(f"/tasks/{workflow.task.pk}/", 302)]
    assert "任务当前状态为“已签收”，不能办理此项操作" in html
    assert "您的角色" not in html
