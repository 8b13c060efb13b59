"""Cell formats of the workbook: Chinese dates, 整改时限, labels, headers. No database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from duban.reports.workbook import format as fmt


@pytest.mark.parametrize(
    "value",
    [
        "2021年6月30日",
        "2021年06月30日",
        "2021 年 6 月 30 日",
        "2021年6月30号",
        "2021.6.30",
        "2021-06-30",
        "2021/6/30",
        "20210630",
        "２０２１年６月３０日",  # full-width digits
        "2021年6月30日前",
        "2021-06-30 00:00:00",
        "2021年6月",  # a month alone means its last day
        "2021年6月底前",
        datetime(2021, 6, 30, 0, 0),
        date(2021, 6, 30),
        44377,  # an Excel serial number without a date format
    ],
)
def test_date_variants(value):
    assert fmt.parse_date(value) == date(2021, 6, 30)


def test_year_end():
    assert fmt.parse_date("2021年底前") == date(2021, 12, 31)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2021年13月", "“2021年13月”不是有效日期：月份应在1至12之间"),
        ("2021年2月30日", "“2021年2月30日”不是有效日期：2021年2月只有28天"),
        ("2021-04-31", "“2021-04-31”不是有效日期：2021年4月只有30天"),
        ("2021.6-30", "无法识别的日期“2021.6-30”，应为 2021年6月30日、2021.6.30 或 2021-06-30"),
        ("下个月", "无法识别的日期“下个月”，应为 2021年6月30日、2021.6.30 或 2021-06-30"),
        (3.5, "“3.5”不是日期"),
    ],
)
def test_impossible_dates_say_why(value, reason):
    with pytest.raises(ValueError) as error:
        fmt.parse_date(value)
    assert str(error.value) == reason


def test_empty_cells_are_no_date():
    assert fmt.parse_date(None) is None
    assert fmt.parse_date("  ") is None
    assert fmt.parse_deadline(None) is None


@pytest.mark.parametrize(
    ("value", "kind", "on"),
    [
        ("长期坚持", "ongoing", None),
        ("立行立改，长期坚持", "ongoing", None),
        ("立行立改", "immediate", None),
        ("立行立改（2021年6月30日）", "immediate", date(2021, 6, 30)),
        ("2021年6月30日", "deadline", date(2021, 6, 30)),
        (datetime(2021, 6, 30), "deadline", date(2021, 6, 30)),
    ],
)
def test_deadline_cells(value, kind, on):
    assert fmt.parse_deadline(value) == fmt.Deadline(kind, on)


def test_deadline_cell_round_trips():
    for kind, deadline in [
        ("deadline", date(2021, 9, 8)),
        ("immediate", date(2021, 6, 30)),
        ("ongoing", None),
    ]:
        cell = fmt.deadline_cell(kind=kind, deadline=deadline)
        assert fmt.parse_deadline(cell) == fmt.Deadline(kind, deadline)


def test_labels_are_chinese_and_read_back():
    assert fmt.state_labels()["in_progress"] == "整改中"
    assert fmt.source_labels()["feedback"] == "反馈问题"
    assert fmt.parse_state("公示中") == "publicized"
    assert fmt.parse_state("Closed") == "closed"
    assert fmt.parse_source("典型案例") == "typical_case"
    assert fmt.parse_acceptance_level("市级") == "city"
    assert fmt.parse_acceptance_level("省级验收") == "province"
    with pytest.raises(ValueError, match="未知状态“已完结”"):
        fmt.parse_state("已完结")


def test_headers_are_normalised():
    assert fmt.normalize_header(" 问题\n编号 ") == "问题编号"
    assert fmt.normalize_header("*整改时限") == "整改时限"
    assert fmt.normalize_header("任务编号") == "任务序号"
    # co-units are 配合单位 in pages and workbook alike; older workbooks call them 责任单位
    assert fmt.CO_UNITS == "配合单位"
    assert fmt.normalize_header("责任单位") == "配合单位"


def test_units_split_on_any_chinese_or_latin_separator():
    assert fmt.split_units("甲局、乙局，丙局,丁局;戊局；己局") == [
        "甲局",
        "乙局",
        "丙局",
        "丁局",
        "戊局",
        "己局",
    ]
