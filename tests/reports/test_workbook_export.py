"""Exporting the workbook: headers, frozen header, values in Chinese, scope, query count."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from duban.core.principal import SYSTEM
from duban.reports.workbook.export import workbook_export
from duban.reports.workbook.format import HEADERS
from tests.reports.workbooks import sheet_rows

pytestmark = pytest.mark.django_db


def test_export_has_title_headers_frozen_pane_and_widths(world):
    ledger = workbook_export(user=world.w.reviewer, plan=world.w.plan)
    sheet = load_workbook(io.BytesIO(ledger.content)).active
    assert ledger.rows == 3
    assert sheet["A1"].value == "株洲市整改方案整改台账（截至2021年6月10日）"
    assert "A1:U1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [cell.value for cell in sheet[2]] == list(HEADERS)
    assert HEADERS[:3] == ("序号", "问题编号", "任务序号")
    assert sheet.freeze_panes == "D3"
    assert sheet.column_dimensions["E"].width == 40  # 问题描述
    assert sheet.max_row == 5
    assert ledger.filename == "整改台账-ZZ-2021-20210610.xlsx"


def test_export_values(world):
    rows = sheet_rows(workbook_export(user=SYSTEM, plan=world.w.plan).content)
    first, immediate, ongoing = rows
    assert first == {
        "序号": 1,
        "问题编号": "HN-ZZ-01",
        "任务序号": 1,
        "来源": "反馈问题",
        "问题描述": "大量雨污混流水直排湘江",
        "整改目标": "改造 120 公里",
        "整改措施": "排查并改造",
        "牵头单位": "株洲市住建局",
        "配合单位": None,
        "责任人": "周建国",
        "整改时限": date(2021, 9, 8),
        "验收层级": "市级",
        "本期进展": "已改造管网42.3公里",
        "状态": "公示中",
        "进度%": 40,  # the last reported percent
        "序时进度": "已完成",
        "预警": "绿色预警",
        "验收单位": "株洲市整改办",
        "签字人": "王晓梅",
        "公示日期": date(2021, 6, 10),
        "销号日期": None,
    }
    assert (immediate["来源"], immediate["配合单位"]) == ("典型案例", "株洲市整改办、荷塘区住建局")
    assert (immediate["整改时限"], immediate["验收层级"]) == ("立行立改（2021年6月30日）", "县级")
    assert (ongoing["整改时限"], ongoing["状态"], ongoing["验收层级"]) == (
        "长期坚持",
        "已交办",
        "省级",
    )


def test_computed_columns_match_the_task_page(world, settings):
    # Given the day after HN-ZZ-02-1's immediate deadline, the schedule scan run
    from duban.rectification.services import scan

    settings.DUBAN_TODAY = date(2021, 7, 5)
    scan()
    rows = sheet_rows(workbook_export(user=SYSTEM, plan=world.w.plan).content)
    # Then 序时进度 and 预警 carry the page's words, 进度% the reported percent
    assert [(row["进度%"], row["序时进度"], row["预警"]) for row in rows] == [
        (40, "已完成", "绿色预警"),
        (0, "逾期", "红色预警"),
        (0, "滞后", "黄色预警"),
    ]


def test_acceptance_level_words_are_the_pages_words(world):
    from django.utils.translation import override

    with override("zh-hans"):
        page_words = [str(world.ongoing.get_acceptance_level_display())]
    rows = sheet_rows(workbook_export(user=SYSTEM, plan=world.w.plan).content)
    assert [rows[2]["验收层级"]] == page_words == ["省级"]


def test_text_that_looks_like_a_formula_stays_text(world):
    content = workbook_export(user=SYSTEM, plan=None).content
    sheet = load_workbook(io.BytesIO(content)).active
    cell = sheet["G5"]  # 整改措施 of HN-ZZ-02-2
    assert (cell.value, cell.data_type) == ("=每月巡查", "s")


def test_dates_are_real_dates_with_a_date_format(world):
    sheet = load_workbook(io.BytesIO(workbook_export(user=SYSTEM, plan=None).content)).active
    assert sheet["K3"].is_date and sheet["T3"].is_date  # 整改时限, 公示日期


def test_export_follows_scope(world):
    # 荷塘区住建局 co-handles HN-ZZ-02-1 only: its staff see that row and no other.
    outsider = sheet_rows(workbook_export(user=world.w.outsider, plan=None).content)
    assert [(row["问题编号"], row["任务序号"]) for row in outsider] == [("HN-ZZ-02", 1)]
    assert workbook_export(user=world.other_reviewer, plan=None).rows == 0
    assert workbook_export(user=world.w.reporter, plan=None).rows == 3  # its unit leads all three


def test_export_query_count_does_not_grow_with_rows(world):
    with CaptureQueriesContext(connection) as three_rows:
        workbook_export(user=world.w.reviewer, plan=world.w.plan)
    from duban.rectification.services import task_create

    for number in range(3, 8):
        task_create(
            actor=SYSTEM,
            problem=world.second,
            number=number,
            title="t",
            measures="m",
            target="t",
            kind="deadline",
            lead_unit=world.w.housing,
            responsible_person=world.w.responsible,
            deadline=date(2021, 12, 31),
            acceptance_level="city",
            co_units=[world.w.office],
        )
    with CaptureQueriesContext(connection) as eight_rows:
        assert workbook_export(user=world.w.reviewer, plan=world.w.plan).rows == 8
    assert len(eight_rows) == len(three_rows)
