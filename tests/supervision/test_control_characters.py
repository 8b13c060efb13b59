"""Control characters: the API turns vertical tab into a newline and refuses the others; a
notice whose demands already hold them (old data) still prints as Word."""

from __future__ import annotations

import io

import pytest
from docx import Document

from duban.supervision.documents import render
from duban.supervision.models import SupervisionNotice
from tests.clients import client_for, post_json
from tests.permissions import changes_since, database_state
from tests.supervision.scene import notice_in

pytestmark = pytest.mark.django_db


def test_a_notice_with_control_characters_in_its_demands_still_prints(scene):
    SupervisionNotice.objects.filter(pk=scene.notice.pk).update(demands="加快\u0001\u000b进度")
    content = render(SupervisionNotice.objects.get(pk=scene.notice.pk))
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "加快\ufffd" in text
    assert "进度" in text


def test_the_api_stores_vertical_tab_as_a_newline(scene):
    body = {**notice_in(scene), "demands": "第一条\x0b第二条\x0c第三条"}
    response = post_json(client_for(scene.w.reviewer), "/api/notices", body)
    assert response.status_code == 201, response.content
    notice = SupervisionNotice.objects.get(pk=response.json()["id"])
    assert notice.demands == "第一条\n第二条\n第三条"


@pytest.mark.parametrize("bad", ["a\x01b", "a\x1fb", "a\x7fb", "a\x85b"])
def test_the_api_refuses_other_control_characters_naming_the_field(scene, bad):
    before = database_state()
    body = {**notice_in(scene), "demands": bad}
    response = post_json(client_for(scene.w.reviewer), "/api/notices", body)
    assert response.status_code == 422, response.content
    assert "demands" in response.json()["fields"]
    assert "control character" in str(response.json()["fields"]["demands"])
    assert changes_since(before) == []
