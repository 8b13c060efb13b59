"""The printed supervision notice (督办单) as a Word document.

The text is Chinese content, as official documents are: a title by level, the number, the
unit addressed, the tasks with their deadlines and state, the demands, the reply date, the
issuer and the date of issue. Fonts are set for East Asian text too (w:eastAsia), so Word,
WPS and LibreOffice show the same typeface.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import override
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from duban.core.documents import document_text, use_cjk_font
from duban.supervision.choices import NoticeLevel, NoticeState
from duban.supervision.models import SupervisionNotice

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLES: dict[str, str] = {
    NoticeLevel.REMINDER.value: "督办提醒函",
    NoticeLevel.NOTICE.value: "督办通知单",
    NoticeLevel.LISTED.value: "挂牌督办通知书",
    NoticeLevel.TALK.value: "约谈通知书",
    NoticeLevel.CRITICISM.value: "通报批评通知书",
}
OPENINGS: dict[str, str] = {
    NoticeLevel.REMINDER.value: "你单位承担的下列生态环境保护督察整改任务进展滞后，现予以提醒。",
    NoticeLevel.NOTICE.value: "你单位承担的下列生态环境保护督察整改任务推进不力，现予以督办。",
    NoticeLevel.LISTED.value: "你单位承担的下列生态环境保护督察整改任务经督办仍未整改到位，"
    "现予以挂牌督办。",
    NoticeLevel.TALK.value: "你单位承担的下列生态环境保护督察整改任务推进不力，"
    "决定对你单位主要负责同志进行约谈。",
    NoticeLevel.CRITICISM.value: "你单位承担的下列生态环境保护督察整改任务推进不力，"
    "现予以通报批评。",
}
# (header, width in cm): 16 cm between A4 margins of 2.5 cm.
TASK_COLUMNS = (("序号", 1.2), ("整改任务", 6.2), ("整改时限", 3.4), ("状态", 2.2), ("进度", 3.0))


@dataclass(frozen=True)
class NoticeFile:
    content: bytes
    filename: str


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def title_of(notice: SupervisionNotice) -> str:
    return TITLES.get(notice.level, "督办通知单")


def _paragraph(document: Any, text: str, *, align: Any = None, bold: bool = False) -> Any:
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(document_text(text))
    run.bold = bold
    return paragraph


def _task_rows(notice: SupervisionNotice) -> list[list[str]]:
    rows = []
    with override("zh-hans"):
        for number, task in enumerate(notice.tasks.all(), start=1):
            deadline = chinese_date(task.deadline) if task.deadline else "长期坚持"
            rows.append(
                [
                    str(number),
                    f"{task.code} {task.title}",
                    deadline,
                    str(task.get_state_display()),
                    f"{task.percent}%（{task.get_schedule_status_display()}）",
                ]
            )
    return rows


def _tasks_table(document: Any, rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(TASK_COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    for cell, (header, _width) in zip(table.rows[0].cells, TASK_COLUMNS, strict=True):
        cell.paragraphs[0].add_run(header).bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = document_text(value)
    for column, (_header, width) in zip(table.columns, TASK_COLUMNS, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, (_header, width) in zip(row.cells, TASK_COLUMNS, strict=True):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10)


def _answer(document: Any, notice: SupervisionNotice) -> None:
    """The unit's response and the closure, once they exist (a reprint shows them)."""
    if notice.responded_on is None:
        return
    document.add_heading("四、办理情况", level=2)
    document.add_paragraph(
        document_text(f"{chinese_date(notice.responded_on)}反馈：{notice.response}")
    )
    if notice.state == NoticeState.CLOSED and notice.closed_on:
        note = f"：{notice.closing_note}" if notice.closing_note else "。"
        document.add_paragraph(document_text(f"{chinese_date(notice.closed_on)}办结{note}"))


def _level_terms(document: Any, notice: SupervisionNotice) -> None:
    """约谈: time, place and who attends; 挂牌督办: its time limit and that it is published."""
    if notice.level == NoticeLevel.TALK and notice.talk_at is not None:
        at = timezone.localtime(notice.talk_at)
        document.add_paragraph(f"约谈时间：{chinese_date(at.date())} {at:%H:%M}")
        document.add_paragraph(document_text(f"约谈地点：{notice.talk_place}"))
        document.add_paragraph(document_text(f"参加人员：{notice.talk_attendees}"))
    if notice.level == NoticeLevel.LISTED and notice.time_limit_months:
        document.add_paragraph(
            f"整改时限：{notice.time_limit_months}个月（至{chinese_date(notice.due_on)}）。"
            "挂牌督办事项及整改结果向社会公开。"
        )


def _a4_document(notice: SupervisionNotice) -> Any:
    """An A4 document with the CJK font, titled and numbered as the notice."""
    document = Document()
    use_cjk_font(document)
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
    title = title_of(notice)
    document.core_properties.title = document_text(f"{title} {notice.number}")
    document.core_properties.author = document_text(notice.issuer.name)
    heading = _paragraph(document, title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    heading.runs[0].font.size = Pt(22)
    _paragraph(document, notice.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    return document


def render(notice: SupervisionNotice) -> bytes:
    document = _a4_document(notice)
    _paragraph(document, f"{notice.target.name}：")
    document.add_paragraph(OPENINGS.get(notice.level, OPENINGS[NoticeLevel.NOTICE.value]))
    if notice.escalated_from is not None:
        document.add_paragraph(
            document_text(
                f"此前已于{chinese_date(notice.escalated_from.issued_on)}以"
                f"{notice.escalated_from.number}督办，逾期仍未整改到位。"
            )
        )
    document.add_heading("一、督办事项", level=2)
    _tasks_table(document, _task_rows(notice))
    document.add_heading("二、督办要求", level=2)
    for line in notice.demands.splitlines() or [notice.demands]:
        if line.strip():
            document.add_paragraph(document_text(line.strip()))
    _level_terms(document, notice)
    document.add_heading("三、反馈时限", level=2)
    document.add_paragraph(
        document_text(
            f"请于{chinese_date(notice.due_on)}前将整改落实情况及佐证材料书面报送{notice.issuer.name}。"
        )
    )
    _answer(document, notice)
    document.add_paragraph()
    _paragraph(document, notice.issuer.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, chinese_date(notice.issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def notice_document(notice: SupervisionNotice) -> NoticeFile:
    """The .docx of a notice the caller has already loaded through the selectors."""
    safe_number = "".join(ch for ch in notice.number if ch not in '\\/:*?"<>|')
    return NoticeFile(render(notice), f"{title_of(notice)}-{safe_number}.docx")
