"""Refusal reasons: English text for the API, a stable code, UI wording for pages."""

from __future__ import annotations

import importlib
import pickle
import re

from django.utils import translation

from duban.core.errors import BETWEEN, FILE_TYPE_MISMATCH, REQUIRED
from duban.core.reasons import localize
from duban.errors import ApplicationError, Reason, ReasonKind
from duban.rectification.errors import CUMULATIVE_LOWER
from duban.supervision.errors import PATTERN_MALFORMED

CATALOGUES = ["core", "rectification", "verification", "supervision", "accountability"]


def all_kinds() -> list[ReasonKind]:
    kinds = []
    for app in CATALOGUES:
        module = importlib.import_module(f"duban.{app}.errors")
        kinds += [value for value in vars(module).values() if isinstance(value, ReasonKind)]
    return kinds


def test_a_reason_is_its_english_text_with_a_code_and_params():
    reason = CUMULATIVE_LOWER(metric="管网改造长度", previous="50 公里")
    assert isinstance(reason, str)
    assert reason == (
        "管网改造长度 is cumulative and lower than the previous claim (50 公里); explain why"
    )
    assert reason.code == "cumulative_lower"
    assert reason.params == {"metric": "管网改造长度", "previous": "50 公里"}


def test_a_reason_without_params_is_the_text_as_written():
    reason = PATTERN_MALFORMED(error="Single '}' encountered")
    assert reason == "use {prefix}, {year} and {seq}: Single '}' encountered"
    assert REQUIRED() == "required" and REQUIRED().code == "required"
    assert REQUIRED().params == {}


def test_localize_gives_the_ui_wording_with_params_in_the_active_language():
    reason = BETWEEN(low=1, high=30)
    with translation.override("zh-hans"):
        assert localize(reason) == "应在1到30之间。"
        assert localize(REQUIRED()) == "这个字段是必填项。"
        assert localize(CUMULATIVE_LOWER(metric="管网改造长度", previous="50 公里")) == (
            "管网改造长度为累计值，低于上次报送的数值（50 公里），请说明原因。"
        )
        assert localize(
            FILE_TYPE_MISMATCH(name="a.pdf", declared="image/png", content_type="x")
        ) == ("a.pdf：文件内容与文件类型不符。")
        assert localize(PATTERN_MALFORMED(error="bad")) == (
            "请使用 {prefix}、{year} 和 {seq}，并注意括号成对。"
        )
    with translation.override("en"):
        assert localize(reason) == "Between 1 and 30."


def test_localize_shows_plain_text_and_reasons_without_ui_wording_as_they_are():
    bare = ReasonKind("bare", "no such thing: %(name)s")
    with translation.override("zh-hans"):
        assert localize("some plain refusal") == "some plain refusal"
        assert localize(bare(name="x")) == "no such thing: x"
    assert type(localize(bare(name="x"))) is str


def test_a_reason_survives_pickling_and_an_error_keeps_it():
    reason = BETWEEN(low=0, high=9)
    copy = pickle.loads(pickle.dumps(reason))
    assert (copy, copy.code, copy.params) == ("between 0 and 9", "between", {"low": 0, "high": 9})
    error = ApplicationError("invalid", fields={"n": reason})
    assert isinstance(error.fields["n"], Reason) and error.fields["n"].code == "between"


def test_codes_are_unique_snake_case_and_every_ui_wording_is_translated():
    kinds = all_kinds()
    codes = [kind.code for kind in kinds]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", code) for code in codes)
    with translation.override("zh-hans"):
        untranslated = [
            kind.code for kind in kinds if kind.ui is not None and not _has_cjk(str(kind.ui))
        ]
    assert untranslated == []


def test_the_ui_wordings_use_only_the_params_of_their_texts():
    def names(template: object) -> set[str]:
        return set(re.findall(r"%\((\w+)\)", str(template or "")))

    assert [kind.code for kind in all_kinds() if names(kind.ui) - names(kind.text)] == []


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)
