"""The words of the official texts: a party or government sanction is a 处分决定, not a 问责
决定; a case is not 立案 (the formal opening of a disciplinary case) but 启动问责调查."""

from __future__ import annotations

import pytest
from django.utils import translation

from duban.accountability.choices import Verb
from tests.clients import client_for


@pytest.mark.parametrize(
    ("msgid", "chinese"),
    [
        ("measure", "处理方式"),
        ("Sanctions", "处理处分决定"),
        ("Decide a sanction", "作出处理处分决定"),
        ("Open an accountability case", "启动问责调查"),
        ("Open an investigation", "启动直查直办"),
    ],
)
def test_labels_follow_the_official_words(msgid, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(msgid) == chinese


def test_the_ledger_says_an_investigation_was_started_not_filed():
    with translation.override("zh-hans"):
        assert str(Verb.CASE_OPENED.label) == "启动问责调查"
        assert str(Verb.SANCTION_DECIDED.label) == "作出处理处分决定"


def test_the_case_page_speaks_of_sanction_decisions(scene):
    page = client_for(scene.supervisor).get(f"/accountability/{scene.case.pk}/").content.decode()
    assert "作出处理处分决定" in page and "问责决定" not in page
