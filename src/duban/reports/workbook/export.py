"""Writing the workbook (整改台账) as .xlsx: title row, frozen header, standard columns."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from duban.core import clock
from duban.core.documents import document_text
from duban.inspections.choices import ScheduleStatus
from duban.inspections.models import Plan
from duban.rectification import rules
from duban.rectification.models import Task
from duban.reports.selectors import workbook_tasks
from duban.reports.workbook import format as fmt

TITLE_ROW = 1
HEADER_ROW = 2
# Rows above and the identity columns (序号, 问题编号, 任务序号) stay put while scrolling.
FREEZE_AT = f"D{HEADER_ROW + 1}"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class WorkbookFile:
    content: bytes
    rows: int
    filename: str


def task_cells(task: Task) -> dict[str, Any]:
    """The workbook's values for one task (also what the import compares against)."""
    closeouts = getattr(task, "accepted_closeouts", None)
    if closeouts is None:
        closeouts = list(task.closeouts.filter(accepted=True).order_by("-decided_at", "-pk"))
    closeout = closeouts[0] if closeouts else None
    return {
        fmt.PROBLEM_CODE: task.problem.code,
        fmt.TASK_NUMBER: task.number,
        fmt.SOURCE: fmt.source_labels().get(task.problem.source, task.problem.source),
        fmt.DESCRIPTION: task.problem.description,
        fmt.TARGET: task.target,
        fmt.MEASURES: task.measures,
        fmt.LEAD_UNIT: task.lead_unit.name,
        fmt.CO_UNITS: "、".join(sorted(unit.name for unit in task.co_units.all())),
        fmt.PERSON: task.responsible_person.name,
        fmt.DEADLINE: fmt.deadline_cell(kind=task.kind, deadline=task.deadline),
        fmt.ACCEPTANCE_LEVEL: fmt.acceptance_labels().get(task.acceptance_level, ""),
        fmt.PROGRESS: task.latest_progress,
        fmt.STATE: fmt.state_labels().get(task.state, task.state),
        **computed_cells(task),
        fmt.ACCEPTANCE_UNIT: closeout.acceptance_unit.name
        if closeout and closeout.acceptance_unit
        else "",
        fmt.SIGNER: closeout.signer.name if closeout and closeout.signer else "",
        fmt.PUBLICITY_DATE: task.publicity_starts_on,
        fmt.CLOSED_DATE: task.closed_on,
    }


def computed_cells(task: Task) -> dict[str, Any]:
    """进度%, 序时进度 and 预警 as the task page shows them (export only, never read back)."""
    labels = fmt.schedule_labels()
    schedule = labels.get(task.schedule_status, task.schedule_status)
    if task.schedule_status == ScheduleStatus.BEHIND and task.deadline:
        expected = rules.expected_percent(
            assigned_on=task.assigned_on, deadline=task.deadline, today=clock.today()
        )
        schedule = f"{schedule}（应达{expected}%）"
    return {
        fmt.PERCENT: task.percent,
        fmt.SCHEDULE: schedule,
        fmt.WARNING: fmt.warning_labels().get(task.warning_level, task.warning_level),
    }


def _styles(workbook: Workbook) -> None:
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body = NamedStyle(name="台账正文", border=border)
    body.alignment = Alignment(vertical="top", wrap_text=True)
    header = NamedStyle(name="台账表头", border=border, font=Font(bold=True))
    header.fill = PatternFill("solid", fgColor="DDEBF7")
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for style in (body, header):
        workbook.add_named_style(style)


def _write_text(sheet: Any, row: int, column: int, value: Any) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.style = "台账正文"
    if isinstance(value, date):
        cell.value = value
        cell.number_format = fmt.DATE_NUMBER_FORMAT
    elif isinstance(value, int):
        cell.value = value
    elif value:
        cell.value = document_text(value)
        # A text beginning with '=' is data, never a formula (no spreadsheet injection).
        cell.data_type = "s"


def _title(plan: Plan | None) -> str:
    name = f"{plan.title}整改台账" if plan else "整改台账（全部整改方案）"
    return f"{name}（截至{fmt.format_date(clock.today())}）"


def workbook_export(*, user: Any, plan: Plan | None) -> WorkbookFile:
    """The workbook of the plan (or of every plan) as the user sees it."""
    workbook = Workbook()
    _styles(workbook)
    sheet = workbook.active
    sheet.title = "整改台账"
    last = get_column_letter(len(fmt.COLUMNS))
    sheet.cell(row=TITLE_ROW, column=1, value=document_text(_title(plan))).font = Font(
        bold=True, size=14
    )
    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    sheet.row_dimensions[TITLE_ROW].height = 28
    for index, column in enumerate(fmt.COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.header)
        cell.style = "台账表头"
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    rows = 0
    for rows, task in enumerate(workbook_tasks(user=user, plan=plan).iterator(chunk_size=500), 1):
        values = {fmt.SERIAL: rows, **task_cells(task)}
        for index, column in enumerate(fmt.COLUMNS, start=1):
            _write_text(sheet, HEADER_ROW + rows, index, values[column.header])
    sheet.freeze_panes = FREEZE_AT
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + rows}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    workbook.properties.title = document_text(_title(plan))
    workbook.properties.creator = "duban"
    buffer = io.BytesIO()
    workbook.save(buffer)
    filename = f"整改台账-{plan.code if plan else '全部'}-{clock.today():%Y%m%d}.xlsx"
    return WorkbookFile(buffer.getvalue(), rows, filename)
