"""The Word progress report (整改进展情况报告) of a plan for one dispatch period.

Generated from the data only; the text is Chinese content, as official reports are. The
counts and task states are those of the day the report is generated (统计截至…).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from django.utils import timezone
from django.utils.translation import override
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from duban.core import clock
from duban.core.documents import document_text, use_cjk_font
from duban.inspections.choices import Cadence, ScheduleStatus
from duban.inspections.models import Plan, Problem
from duban.rectification import rules
from duban.rectification.models import ProgressReport, Task
from duban.rectification.statistics import Summary
from duban.reports.selectors import period_reports, plan_sentences, plan_summary, tasks_for
from duban.reports.workbook import format as fmt

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# (header, width in cm); each table spans the 16 cm between A4 margins of 2.5 cm.
TASK_COLUMNS = (
    ("任务", 3.4),
    ("牵头单位", 2.4),
    ("责任人", 1.5),
    ("整改时限", 2.3),
    ("状态", 1.5),
    ("序时进度", 1.6),
    ("最新进展", 3.3),
)
LAGGING_COLUMNS = (
    ("任务", 4.0),
    ("牵头单位", 2.8),
    ("责任人", 1.8),
    ("整改时限", 3.0),
    ("序时进度", 2.2),
    ("报送进度", 2.2),
)
REPORT_COLUMNS = (
    ("任务", 2.4),
    ("牵头单位", 2.6),
    ("报送时间", 2.6),
    ("进度", 1.4),
    ("进展情况", 5.4),
    ("备注", 1.6),
)
CADENCE_TEXT: dict[str, str] = {
    Cadence.WEEKLY.value: "每周",
    Cadence.FORTNIGHTLY.value: "每两周",
    Cadence.MONTHLY.value: "每月",
}
DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    filename: str
    period: rules.Period


@dataclass
class ReportData:
    plan: Plan
    period: rules.Period
    generated_on: date
    summary: Summary
    # The published sentences, one per problem source (feedback first).
    sentences: list[str]
    problems: list[tuple[Problem, list[Task]]]
    lagging: list[Task]
    reports: list[ProgressReport]


def chinese_number(number: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十; beyond 99 the Arabic figure."""
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    text = ("" if tens == 1 else DIGITS[tens]) + "十" if tens else ""
    return text + (DIGITS[ones] if ones else "")


def report_title(plan: Plan) -> str:
    base = re.sub(r"(整改)?(实施)?方案$", "", plan.title.strip()) or plan.title
    return f"《{base}整改进展情况报告》"


def report_data(*, user: Any, plan: Plan, day: date) -> ReportData:
    """Everything the report shows, as the user sees it (SYSTEM: everything)."""
    period = rules.period_containing(cadence=plan.cadence, anchor=plan.dispatch_starts_on, day=day)
    tasks = list(
        tasks_for(user=user)
        .filter(problem__plan=plan)
        .select_related("problem", "lead_unit", "responsible_person")
        .order_by("problem__code", "number")
    )
    lagging = [
        task
        for task in tasks
        if task.schedule_status in (ScheduleStatus.BEHIND, ScheduleStatus.OVERDUE)
    ]
    return ReportData(
        plan=plan,
        period=period,
        generated_on=clock.today(),
        summary=plan_summary(user=user, plan=plan),
        sentences=plan_sentences(user=user, plan=plan),
        problems=[(p, list(ts)) for p, ts in groupby(tasks, key=lambda task: task.problem)],
        lagging=lagging,
        reports=list(period_reports(user=user, plan=plan, start=period.start, end=period.end)),
    )


# --- rendering -----------------------------------------------------------------------------


def _table(document: Any, columns: tuple[tuple[str, float], ...], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    for cell, (header, _width) in zip(table.rows[0].cells, columns, strict=True):
        cell.paragraphs[0].add_run(header).bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = document_text(value)
    for column, (_header, width) in zip(table.columns, columns, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice and WPS follow
    for row in table.rows:
        for cell, (_header, width) in zip(row.cells, columns, strict=True):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def _deadline(task: Task) -> str:
    value = fmt.deadline_cell(kind=task.kind, deadline=task.deadline)
    return fmt.format_date(value) if isinstance(value, date) else str(value or "")


def _labels(task: Task) -> tuple[str, str]:
    with override("zh-hans"):
        return task.get_state_display(), task.get_schedule_status_display()


def _task_row(task: Task) -> list[str]:
    state, schedule = _labels(task)
    return [
        f"{task.code} {task.title}",
        task.lead_unit.name,
        task.responsible_person.name,
        _deadline(task),
        state,
        schedule,
        task.latest_progress or "—",
    ]


def _overview(document: Any, data: ReportData) -> None:
    document.add_heading("一、总体情况", level=1)
    summary = data.summary
    tasks = [task for _, tasks in data.problems for task in tasks]
    document.add_paragraph(
        document_text(
            f"截至{fmt.format_date(data.generated_on)}，{'；'.join(data.sentences)}。"
            f"完成率{summary.completion_rate}%，销号率{summary.closure_rate}%。"
            f"共有整改任务{len(tasks)}项，其中滞后或逾期{len(data.lagging)}项。"
        )
    )


def _problems(document: Any, data: ReportData) -> None:
    document.add_heading("二、各问题整改情况", level=1)
    if not data.problems:
        document.add_paragraph("本方案暂无整改问题。")
    for index, (problem, tasks) in enumerate(data.problems, start=1):
        heading = f"（{chinese_number(index)}）{problem.code} {problem.title}"
        document.add_heading(document_text(heading), level=2)
        document.add_paragraph(document_text(problem.description))
        _table(document, TASK_COLUMNS, [_task_row(task) for task in tasks])


def _lagging(document: Any, data: ReportData) -> None:
    document.add_heading("三、滞后和逾期任务", level=1)
    if not data.lagging:
        document.add_paragraph("本期无滞后或逾期任务。")
        return
    document.add_paragraph(f"滞后或逾期任务{len(data.lagging)}项，请责任单位加快推进：")
    rows = [
        [
            f"{task.code} {task.title}",
            task.lead_unit.name,
            task.responsible_person.name,
            _deadline(task),
            _labels(task)[1],
            f"{task.percent}%",
        ]
        for task in data.lagging
    ]
    _table(document, LAGGING_COLUMNS, rows)


def _reports(document: Any, data: ReportData) -> None:
    document.add_heading("四、本期进展报送情况", level=1)
    if not data.reports:
        document.add_paragraph("本期尚无进展报送。")
        return
    document.add_paragraph(f"本期共报送进展{len(data.reports)}份：")
    rows = []
    for report in data.reports:
        remarks = [f"第{report.version}版"] if report.version > 1 else []
        remarks += ["迟报"] if report.is_late else []
        rows.append(
            [
                report.task.code,
                report.task.lead_unit.name,
                fmt.format_date(timezone.localdate(report.submitted_at)),
                f"{report.percent}%",
                report.narrative,
                "、".join(remarks) or "—",
            ]
        )
    _table(document, REPORT_COLUMNS, rows)


def render(data: ReportData) -> bytes:
    document = Document()
    use_cjk_font(document)
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
    document.core_properties.title = document_text(report_title(data.plan))
    document.core_properties.author = "duban"
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(document_text(report_title(data.plan)))
    run.bold, run.font.size = True, Pt(18)
    period = document.add_paragraph(
        f"（{fmt.format_date(data.period.start)}至{fmt.format_date(data.period.end)}）"
    )
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cadence = CADENCE_TEXT.get(data.plan.cadence, data.plan.cadence)
    document.add_paragraph(
        document_text(
            f"整改方案：{data.plan.code} {data.plan.title}；调度频次：{cadence}；"
            f"本期：{fmt.format_date(data.period.start)}至{fmt.format_date(data.period.end)}。"
        )
    )
    _overview(document, data)
    _problems(document, data)
    _lagging(document, data)
    _reports(document, data)
    footer = document.add_paragraph(
        f"（本报告由督办系统根据{fmt.format_date(data.generated_on)}的系统数据生成。）"
    )
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def progress_report(*, user: Any, plan: Plan, day: date | None = None) -> ReportFile:
    """The report for the dispatch period containing `day` (default today)."""
    data = report_data(user=user, plan=plan, day=day or clock.today())
    filename = f"整改进展情况报告-{plan.code}-{data.period.start:%Y%m%d}.docx"
    return ReportFile(render(data), filename, data.period)
