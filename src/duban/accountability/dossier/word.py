"""The dossier as a Word document (python-docx), East Asian font as in the progress report."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from duban.accountability.dossier import text
from duban.accountability.dossier.data import DossierData
from duban.core.documents import document_text
from duban.core.documents import use_cjk_font as use_font

MONO = "Consolas"
RESPONSIBILITY_WIDTHS = (3.6, 2.4, 2.2, 2.2, 2.0, 1.8, 1.0)
CHANGE_WIDTHS = (2.6, 1.2, 2.6, 1.8, 3.9, 3.9)
EVENT_WIDTHS = (1.2, 2.6, 2.2, 2.8, 7.2)


def _small(cell: Any, size: float = 8.5) -> None:
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)


def _table(
    document: Any, headers: Sequence[str], widths: Sequence[float], rows: list[list[str]]
) -> Any:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(header).bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = document_text(value)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
            _small(cell)
    return table


def _hash_run(paragraph: Any, value: str, size: float = 7.5) -> None:
    run = paragraph.add_run(document_text(value))
    run.font.name, run.font.size = MONO, Pt(size)


def _cover(document: Any, data: DossierData) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(text.TITLE)
    run.bold, run.font.size = True, Pt(20)
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(document_text(f"{data.problem.code} {data.problem.title}")).font.size = Pt(14)
    rows = text.cover_rows(data)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = document_text(label)
        cells[0].width, cells[1].width = Cm(3), Cm(13)
        if label == "账本头部":
            paragraph = cells[1].paragraphs[0]
            paragraph.add_run(f"第{data.head_seq}号事件，哈希值 ")
            _hash_run(paragraph, data.head_hash, 8)
        else:
            cells[1].text = document_text(value)
    document.add_paragraph(
        "本档案根据事件账本自动生成，载明问题的责任归属及其变更、有关人员和单位的职责与时间线、"
        "逐项事件及其哈希值，供问题倒查、责任倒追和精准问责使用。核验方法见附录。"
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _responsibility(document: Any, data: DossierData) -> None:
    document.add_heading("一、问题概况", level=1)
    document.add_paragraph(document_text(data.problem.description))
    document.add_heading(f"二、当前责任（截至{text.day(data.generated_at)}）", level=1)
    rows = [text.responsibility_row(item) for item in data.today]
    _table(document, text.RESPONSIBILITY_HEADERS, RESPONSIBILITY_WIDTHS, rows)
    document.add_heading("三、责任变更及各变更时点的责任", level=1)
    if not data.changes:
        document.add_paragraph("自任务下达以来，牵头单位、责任人和分管领导均未变更。")
        return
    rows = [text.change_row(change) for change in data.changes]
    _table(document, text.CHANGE_HEADERS, CHANGE_WIDTHS, rows)
    for snapshot in data.snapshots:
        document.add_paragraph(f"截至{text.day(snapshot.day)}的责任：")
        rows = [text.responsibility_row(item) for item in snapshot.tasks]
        _table(document, text.RESPONSIBILITY_HEADERS, RESPONSIBILITY_WIDTHS, rows)


def _people(document: Any, data: DossierData) -> None:
    document.add_heading("四、有关人员和单位的职责与时间线", level=1)
    for holder in data.holders:
        kind = "人员" if holder.is_person else "单位"
        document.add_heading(document_text(f"{holder.name}（{kind}）"), level=2)
        for line in text.holder_lines(holder):
            document.add_paragraph(document_text(line), style="List Bullet")


def _cases_and_missed(document: Any, data: DossierData) -> None:
    document.add_heading("五、问责案件", level=1)
    if not data.cases:
        document.add_paragraph("无（或不在查阅人的权限范围内）。")
    for heading, lines in text.case_lines(data):
        document.add_heading(document_text(heading), level=2)
        for line in lines:
            document.add_paragraph(document_text(line), style="List Bullet")
    document.add_heading("六、逾期情况", level=1)
    lines = [text.missed_task_line(item) for item in data.missed_tasks]
    lines += [text.missed_notice_line(notice) for notice in data.missed_notices]
    for line in lines or ["无逾期的整改任务和督办回复。"]:
        document.add_paragraph(document_text(line), style="List Bullet")


def _events(document: Any, data: DossierData) -> None:
    document.add_heading("七、事件链", level=1)
    document.add_paragraph(
        f"共{len(data.events)}个事件，按账本序号排列；每个事件下一行为其哈希值。"
    )
    table = _table(document, text.EVENT_HEADERS, EVENT_WIDTHS, [])
    for row in data.events:
        cells = table.add_row().cells
        values = [f"#{row.seq}", text.moment(row.at), row.actor, row.label, row.summary]
        for cell, value, width in zip(cells, values, EVENT_WIDTHS, strict=True):
            cell.text, cell.width = document_text(value), Cm(width)
            _small(cell)
        merged = table.add_row().cells
        hash_cell = merged[0].merge(merged[-1])
        _hash_run(hash_cell.paragraphs[0], f"哈希 {row.hash}")


def _appendix(document: Any, data: DossierData) -> None:
    document.add_heading("附录：核验方法", level=1)
    document.add_paragraph(text.VERIFY_TEXT)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "序号", "哈希值"
    for row in data.events:
        cells = table.add_row().cells
        cells[0].text = str(row.seq)
        _hash_run(cells[1].paragraphs[0], row.hash)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(1.6), Cm(14.4)
        _small(row.cells[0])


def render_docx(data: DossierData) -> bytes:
    document = Document()
    use_font(document)
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
    document.core_properties.title = document_text(f"{text.TITLE} {data.problem.code}")
    document.core_properties.author = "duban"
    _cover(document, data)
    _responsibility(document, data)
    _people(document, data)
    _cases_and_missed(document, data)
    _events(document, data)
    _appendix(document, data)
    footer = document.add_paragraph(f"（本档案由督办系统于{text.moment(data.generated_at)}生成。）")
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
