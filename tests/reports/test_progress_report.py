"""The Word progress report (整改进展情况报告): opens, carries the data, renders Chinese."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from duban.core.principal import SYSTEM
from duban.rectification.services import scan
from duban.reports.progress_report import chinese_number, progress_report, report_title

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> tuple[str, list[list[list[str]]]]:
    document = Document(io.BytesIO(content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    return paragraphs, tables


def test_report_contains_sentence_problems_lagging_and_period_reports(world, settings):
    settings.DUBAN_TODAY = date(2021, 7, 5)
    scan()  # HN-ZZ-01-1's publicity ended: closed; HN-ZZ-02-1 overdue; HN-ZZ-02-2 owes a report
    report = progress_report(user=world.w.reviewer, plan=world.w.plan, day=date(2021, 6, 15))
    assert (report.period.start, report.period.end) == (date(2021, 6, 1), date(2021, 6, 30))
    assert report.filename == "整改进展情况报告-株洲市-20210601.docx"
    text, tables = text_of(report.content)
    lines = [line for line in text.splitlines() if line]
    # 公文: the organ (版头), the 文号 left for the office to number, the title, the period
    assert lines[:4] == [
        "株洲市整改办",
        "株洲市整改办〔2021〕\u3000\u3000号",
        "株洲市整改进展情况报告",
        "（2021年6月1日至2021年6月30日）",
    ]
    assert lines[-3:] == [
        "株洲市整改办",
        "2021年7月5日",
        "（本报告由督办系统根据2021年7月5日的系统数据生成）",
    ]
    assert (
        # HN-ZZ-02 is a typical case: it has its own sentence, not a place among 反馈问题
        "截至2021年7月5日，反馈问题1个：已完成1个（其中已销号1个），达到序时进度0个，滞后0个；"
        "典型案例问题1个：已完成0个（其中已销号0个），达到序时进度0个，滞后1个。"
        "完成率50.0%，销号率50.0%。共有整改任务3项，其中滞后或逾期2项。" in text
    )
    assert "（一）老旧污水管网改造滞后" in lines
    assert "（二）工业园区违规排污" in lines
    assert "HN-ZZ" not in text + str(tables) and "ZZ-2021" not in text  # no internal codes
    problem_one, problem_two, lagging, reports = tables
    assert problem_one[0] == [
        "任务",
        "牵头单位",
        "责任人",
        "整改时限",
        "状态",
        "序时进度",
        "最新进展",
    ]
    assert problem_one[1] == [
        "完成老旧管网改造",
        "株洲市住建局",
        "周建国",
        "2021年9月8日",
        "已销号",
        "已完成",
        "已改造管网42.3公里",
    ]
    assert [row[0] for row in problem_two[1:]] == [
        "关停违规排口",
        "建立巡查机制",
    ]
    assert problem_two[1][3] == "立行立改（2021年6月30日）" and problem_two[2][3] == "长期坚持"
    assert "滞后或逾期任务2项，请责任单位加快推进：" in text
    assert [(row[0], row[4]) for row in lagging[1:]] == [
        ("关停违规排口", "逾期"),
        ("建立巡查机制", "滞后"),
    ]
    assert "本期共报送进展1份：" in text
    assert reports[1][0] == "完成老旧管网改造" and reports[1][3:5] == ["40%", "已改造管网42.3公里"]


def test_empty_period_and_scope(world):
    report = progress_report(user=world.w.outsider, plan=world.w.plan, day=date(2021, 8, 1))
    text, tables = text_of(report.content)
    # the outsider sees only HN-ZZ-02, a typical case: no 反馈问题, one 典型案例问题
    assert (
        "反馈问题0个：已完成0个（其中已销号0个），达到序时进度0个，滞后0个；"
        "典型案例问题1个：已完成0个（其中已销号0个），达到序时进度1个，滞后0个" in text
    )
    assert "本期无滞后或逾期任务。" in text and "本期尚无进展报送。" in text
    assert "HN-ZZ-01" not in text  # the outsider's unit only co-handles HN-ZZ-02-1
    assert [row[0] for table in tables for row in table[1:]] == ["关停违规排口"]


def test_east_asian_font_is_set_on_styles(world):
    document = Document(io.BytesIO(progress_report(user=SYSTEM, plan=world.w.plan).content))
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Noto Serif CJK SC"  # for 仿宋 (docs/documents.md)
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    assert document.core_properties.title == "株洲市整改进展情况报告"


def test_titles_and_numbers():
    class Plan:
        title = "湖南省贯彻落实第二轮中央生态环境保护督察报告整改方案"

    assert report_title(Plan()) == "湖南省贯彻落实第二轮中央生态环境保护督察报告整改进展情况报告"
    assert [chinese_number(n) for n in (1, 10, 11, 20, 42, 100)] == [
        "一",
        "十",
        "十一",
        "二十",
        "四十二",
        "100",
    ]
