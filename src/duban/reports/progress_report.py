"""The Word progress report (整改进展情况报告) of a plan for one dispatch period.

Generated from the data only; the text is Chinese content, as official reports are. The
counts and task states are those of the day the report is generated (统计截至…).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from django.utils import timezone
from django.utils.translation import override

from duban.core import clock
from duban.core.models import Organization, Region
from duban.core.official import OfficialDocument
from duban.core.selectors import region_q
from duban.inspections.choices import Cadence, ScheduleStatus
from duban.inspections.models import Plan, Problem
from duban.rectification import rules
from duban.rectification.choices import REPORTING_STATES
from duban.rectification.models import ProgressReport, Task
from duban.rectification.statistics import Summary
from duban.reports.selectors import (
    issuing_office,
    period_reports,
    plan_sentences,
    plan_summary,
    tasks_for,
)
from duban.reports.workbook import format as fmt

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# (header, relative width); core.official scales a table to the 156 mm text area.
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
NUMBER_BLANK = "\u3000\u3000"  # two ideographic spaces where the sequence is written in


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    filename: str
    period: rules.Period


@dataclass
class ReportData:
    plan: Plan
    # The office the report goes out under, and the region it reports on (the office's).
    office: Organization
    region: Region
    period: rules.Period
    generated_on: date
    summary: Summary
    # The published sentences, one per problem source (feedback first).
    sentences: list[str]
    problems: list[tuple[Problem, list[Task]]]
    lagging: list[Task]
    reports: list[ProgressReport]
    # Lead units with open tasks and no progress report in the period: (unit, task count).
    silent_units: list[tuple[str, int]]


def chinese_number(number: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十; beyond 99 the Arabic figure."""
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    text = ("" if tens == 1 else DIGITS[tens]) + "十" if tens else ""
    return text + (DIGITS[ones] if ones else "")


def report_title(plan: Plan, region: Region | None = None) -> str:
    """…整改进展情况报告, named for `region` when it lies below the plan's (a city office
    reports on its city: 湖南省贯彻落实… becomes 株洲市贯彻落实…)."""
    base = re.sub(r"(整改)?(实施)?方案$", "", plan.title.strip()) or plan.title
    if region is not None and region.pk != plan.region_id:
        base = region.name + base.removeprefix(plan.region.name)
    return f"{base}整改进展情况报告"


def _silent_units(
    tasks: list[Task], reports: list[ProgressReport], period: rules.Period
) -> list[tuple[str, int]]:
    """Lead units owing a report for the period: an open task assigned by its end, unreported."""
    reported = {report.task_id for report in reports}
    owing = Counter(
        task.lead_unit.name
        for task in tasks
        if task.state in REPORTING_STATES
        and task.assigned_on <= period.end
        and task.pk not in reported
    )
    return sorted(owing.items(), key=lambda item: (-item[1], item[0]))


def report_data(*, user: Any, plan: Plan, day: date) -> ReportData:
    """Everything the report shows, as the user sees it (SYSTEM: everything), for the
    region of the user's own office."""
    period = rules.period_containing(cadence=plan.cadence, anchor=plan.dispatch_starts_on, day=day)
    office = issuing_office(user=user, plan=plan)
    region = office.region or plan.region
    in_region = region_q("problem__region__code", region.code)
    tasks = list(
        tasks_for(user=user)
        .filter(in_region, problem__plan=plan)
        .select_related("problem", "lead_unit", "responsible_person")
        .order_by("problem__code", "number")
    )
    lagging = [
        task
        for task in tasks
        if task.schedule_status in (ScheduleStatus.BEHIND, ScheduleStatus.OVERDUE)
    ]
    task_ids = {task.pk for task in tasks}
    reports = [
        report
        for report in period_reports(user=user, plan=plan, start=period.start, end=period.end)
        if report.task_id in task_ids
    ]
    return ReportData(
        plan=plan,
        office=office,
        region=region,
        period=period,
        generated_on=clock.today(),
        summary=plan_summary(user=user, plan=plan, region=region.code),
        sentences=plan_sentences(user=user, plan=plan, region=region.code),
        problems=[(p, list(ts)) for p, ts in groupby(tasks, key=lambda task: task.problem)],
        lagging=lagging,
        reports=reports,
        silent_units=_silent_units(tasks, reports, period),
    )


# --- rendering: a 公文 (core.official); task and problem titles, never their codes ---------


def _deadline(task: Task) -> str:
    value = fmt.deadline_cell(kind=task.kind, deadline=task.deadline)
    return fmt.format_date(value) if isinstance(value, date) else str(value or "")


def _labels(task: Task) -> tuple[str, str]:
    with override("zh-hans"):
        return task.get_state_display(), task.get_schedule_status_display()


def _task_row(task: Task) -> list[str]:
    state, schedule = _labels(task)
    return [
        task.title,
        task.lead_unit.name,
        task.responsible_person.name,
        _deadline(task),
        state,
        schedule,
        task.latest_progress or "—",
    ]


def _overview(document: OfficialDocument, data: ReportData) -> None:
    document.heading("一、总体情况")
    summary = data.summary
    tasks = [task for _, tasks in data.problems for task in tasks]
    sentences = "；".join(data.sentences) or "暂无整改问题"
    document.paragraph(
        f"截至{fmt.format_date(data.generated_on)}，{sentences}。"
        f"完成率{summary.completion_rate}%，销号率{summary.closure_rate}%。"
        f"共有整改任务{len(tasks)}项，其中滞后或逾期{len(data.lagging)}项。"
    )


def _problems(document: OfficialDocument, data: ReportData) -> None:
    document.heading("二、各问题整改情况")
    if not data.problems:
        document.paragraph("本方案暂无整改问题。")
    for index, (problem, tasks) in enumerate(data.problems, start=1):
        document.heading(f"（{chinese_number(index)}）{problem.title}", level=2)
        document.paragraph(problem.description)
        document.table(TASK_COLUMNS, [_task_row(task) for task in tasks])


def _lagging(document: OfficialDocument, data: ReportData) -> None:
    document.heading("三、滞后和逾期任务")
    if not data.lagging:
        document.paragraph("本期无滞后或逾期任务。")
        return
    document.paragraph(f"滞后或逾期任务{len(data.lagging)}项，请责任单位加快推进：")
    rows = [
        [
            task.title,
            task.lead_unit.name,
            task.responsible_person.name,
            _deadline(task),
            _labels(task)[1],
            f"{task.percent}%",
        ]
        for task in data.lagging
    ]
    document.table(LAGGING_COLUMNS, rows)


def _reports(document: OfficialDocument, data: ReportData) -> None:
    document.heading("四、本期进展报送情况")
    if data.silent_units:
        units = "、".join(f"{unit}（{count}项任务）" for unit, count in data.silent_units)
        document.paragraph(f"截至统计日，以下单位未报送本期进展：{units}。")
    else:
        document.paragraph("承担在办任务的单位均已报送本期进展。")
    if not data.reports:
        document.paragraph("本期尚无进展报送。")
        return
    document.paragraph(f"本期共报送进展{len(data.reports)}份：")
    rows = []
    for report in data.reports:
        remarks = [f"第{report.version}版"] if report.version > 1 else []
        remarks += ["迟报"] if report.is_late else []
        rows.append(
            [
                report.task.title,
                report.task.lead_unit.name,
                fmt.format_date(timezone.localdate(report.submitted_at)),
                f"{report.percent}%",
                report.narrative,
                "、".join(remarks) or "—",
            ]
        )
    document.table(REPORT_COLUMNS, rows)


def document_number(office: Organization, day: date) -> str:
    """The 文号 line of a generated report: the office and year, the sequence left blank for
    the office to fill in when it registers the report (a download issues nothing)."""
    return f"{office.name}〔{day.year}〕{NUMBER_BLANK}号"


def render(data: ReportData) -> bytes:
    title = report_title(data.plan, data.region)
    document = OfficialDocument(title=title, author=data.office.name)
    document.letterhead(
        organ=data.office.name, number=document_number(data.office, data.generated_on)
    )
    period = f"{fmt.format_date(data.period.start)}至{fmt.format_date(data.period.end)}"
    document.title(title, f"（{period}）")
    cadence = CADENCE_TEXT.get(data.plan.cadence, data.plan.cadence)
    document.paragraph(
        f"按照《{data.plan.title}》{cadence}调度的要求，现将{data.region.name}本期（{period}）"
        "整改进展情况报告如下。"
    )
    _overview(document, data)
    _problems(document, data)
    _lagging(document, data)
    _reports(document, data)
    document.signature(organ=data.office.name, day=data.generated_on)
    document.note(f"本报告由督办系统根据{fmt.format_date(data.generated_on)}的系统数据生成")
    return document.save()


def progress_report(*, user: Any, plan: Plan, day: date | None = None) -> ReportFile:
    """The report for the dispatch period containing `day` (default today)."""
    data = report_data(user=user, plan=plan, day=day or clock.today())
    filename = f"整改进展情况报告-{data.region.name}-{data.period.start:%Y%m%d}.docx"
    return ReportFile(render(data), filename, data.period)
