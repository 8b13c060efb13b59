"""The dossier as a PDF (fpdf2, pure Python), with a CJK font embedded as a subset.

fpdf2 embeds TrueType and OpenType/CFF faces, from collections (.ttc) too. The font is the
Debian CJK font the install brings (`make system-deps` installs fonts-noto-cjk), or the file
named by the DUBAN_PDF_FONT environment variable; without one the PDF is refused with a
clear message and the Word dossier still works. See docs/accountability.md.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTCollection
from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, XPos, YPos

from duban.accountability.dossier import text
from duban.accountability.dossier.data import DossierData
from duban.core.documents import document_text
from duban.errors import ApplicationError

FONT_ENV = "DUBAN_PDF_FONT"
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian fonts-noto-cjk
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Debian fonts-wqy-zenhei
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
CJK = "cjk"
HEADER_FILL = (235, 238, 242)
# One regular face only: headings are shaded, not bold.
HEADINGS = FontFace(emphasis="", fill_color=HEADER_FILL)
RESPONSIBILITY_WIDTHS = (36, 26, 22, 22, 20, 18, 10)
CHANGE_WIDTHS = (28, 14, 26, 20, 41, 41)
EVENT_WIDTHS = (13, 26, 22, 30, 79)


class FontMissing(ApplicationError):
    status = 503
    default_code = "pdf_font_missing"


def _face_index(path: Path) -> int:
    """In a collection, the Simplified Chinese face (Noto's "… CJK SC"); else the first."""
    if path.suffix.lower() not in {".ttc", ".otc"}:
        return 0
    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        family = font["name"].getDebugName(1) or ""
        if family.endswith(" SC"):
            return index
    return 0


@cache
def cjk_font() -> tuple[Path, int]:
    """The font file and face used for Chinese text; FontMissing when there is none."""
    configured = os.environ.get(FONT_ENV, "")
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        path = Path(candidate)
        if path.is_file():
            return path, _face_index(path)
    raise FontMissing(
        "no CJK font for PDF output: install Debian's fonts-noto-cjk or set DUBAN_PDF_FONT "
        "to a TrueType/OpenType font file (the Word dossier needs no font)",
        fields={"format": "PDF is unavailable on this server; use docx"},
    )


class DossierPDF(FPDF):
    """A4 pages with the problem code in the header and "第 N 页 共 M 页" in the footer."""

    def __init__(self, code: str) -> None:
        super().__init__(format="A4")
        self.code = code
        path, index = cjk_font()
        self.add_font(CJK, "", str(path), collection_font_number=index)
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(CJK, size=8)
            self.set_text_color(110)
            self.cell(0, 6, f"{text.TITLE} · {self.code}", align="R")
            self.ln(8)
            self.set_text_color(0)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(CJK, size=8)
        self.set_text_color(110)
        self.cell(0, 8, f"第 {self.page_no()} 页 共 {{nb}} 页", align="C")
        self.set_text_color(0)

    def heading(self, value: str, level: int = 1) -> None:
        self.ln(2)
        self.set_font(CJK, size=14 if level == 1 else 11.5)
        self.multi_cell(
            0,
            8 if level == 1 else 7,
            document_text(value),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_font(CJK, size=10)

    def paragraph(self, value: str, size: float = 10) -> None:
        self.set_font(CJK, size=size)
        self.multi_cell(
            0, 5.6, document_text(value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.ln(1)

    def bullets(self, lines: list[str]) -> None:
        self.set_font(CJK, size=9.5)
        for line in lines:
            self.set_x(self.l_margin + 3)
            self.multi_cell(
                0, 5.2, document_text(f"• {line}"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        self.ln(1)

    def grid(self, headers: tuple[str, ...], widths: tuple[int, ...], rows: list[list[str]]) -> Any:
        self.set_font(CJK, size=8)
        table = self.table(
            col_widths=widths,
            width=sum(widths),
            align="L",
            text_align="LEFT",
            line_height=4.2,
            headings_style=HEADINGS,
            cell_fill_mode=TableCellFillMode.NONE,
        )
        with table as grid:
            grid.row(list(headers))
            for values in rows:
                grid.row([document_text(value) for value in values])
        self.ln(2)


def _cover(pdf: DossierPDF, data: DossierData) -> None:
    pdf.add_page()
    pdf.ln(30)
    pdf.set_font(CJK, size=20)
    pdf.multi_cell(0, 12, text.TITLE, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(CJK, size=13)
    pdf.multi_cell(
        0,
        8,
        document_text(f"{data.problem.code} {data.problem.title}"),
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(10)
    pdf.set_font(CJK, size=9.5)
    with pdf.table(
        col_widths=(30, 144), line_height=6, text_align="LEFT", first_row_as_headings=False
    ) as grid:
        for label, value in text.cover_rows(data):
            grid.row([document_text(label), document_text(value)])
    pdf.ln(6)
    pdf.paragraph(
        "本档案根据事件账本自动生成，载明问题的责任归属及其变更、有关人员和单位的职责与时间线、"
        "逐项事件及其哈希值，供问题倒查、责任倒追和精准问责使用。核验方法见附录。"
    )


def _body(pdf: DossierPDF, data: DossierData) -> None:
    pdf.add_page()
    pdf.heading("一、问题概况")
    pdf.paragraph(data.problem.description)
    pdf.heading(f"二、当前责任（截至{text.day(data.generated_at)}）")
    rows = [text.responsibility_row(item) for item in data.today]
    pdf.grid(text.RESPONSIBILITY_HEADERS, RESPONSIBILITY_WIDTHS, rows)
    pdf.heading("三、责任变更及各变更时点的责任")
    if not data.changes:
        pdf.paragraph("自任务下达以来，牵头单位、责任人和分管领导均未变更。")
    else:
        pdf.grid(text.CHANGE_HEADERS, CHANGE_WIDTHS, [text.change_row(c) for c in data.changes])
        for snapshot in data.snapshots:
            pdf.paragraph(f"截至{text.day(snapshot.day)}的责任：", size=9.5)
            rows = [text.responsibility_row(item) for item in snapshot.tasks]
            pdf.grid(text.RESPONSIBILITY_HEADERS, RESPONSIBILITY_WIDTHS, rows)
    pdf.heading("四、有关人员和单位的职责与时间线")
    for holder in data.holders:
        pdf.heading(f"{holder.name}（{'人员' if holder.is_person else '单位'}）", level=2)
        pdf.bullets(text.holder_lines(holder))
    pdf.heading("五、问责案件")
    if not data.cases:
        pdf.paragraph("无（或不在查阅人的权限范围内）。")
    for heading, lines in text.case_lines(data):
        pdf.heading(heading, level=2)
        pdf.bullets(lines)
    pdf.heading("六、逾期情况")
    lines = [text.missed_task_line(item) for item in data.missed_tasks]
    lines += [text.missed_notice_line(notice) for notice in data.missed_notices]
    pdf.bullets(lines or ["无逾期的整改任务和督办回复。"])


def _events(pdf: DossierPDF, data: DossierData) -> None:
    pdf.heading("七、事件链")
    pdf.paragraph(f"共{len(data.events)}个事件，按账本序号排列；每个事件下一行为其哈希值。")
    pdf.set_font(CJK, size=8)
    hash_style = FontFace(family="Courier", size_pt=7)
    with pdf.table(
        col_widths=EVENT_WIDTHS,
        line_height=4.2,
        text_align="LEFT",
        headings_style=HEADINGS,
    ) as grid:
        grid.row(list(text.EVENT_HEADERS))
        for row in data.events:
            values = [f"#{row.seq}", text.moment(row.at), row.actor, row.label, row.summary]
            grid.row([document_text(value) for value in values])
            hashed = grid.row()
            hashed.cell(f"hash {row.hash}", colspan=len(EVENT_WIDTHS), style=hash_style)


def _appendix(pdf: DossierPDF, data: DossierData) -> None:
    pdf.add_page()
    pdf.heading("附录：核验方法")
    pdf.paragraph(text.VERIFY_TEXT, size=9.5)
    pdf.set_font(CJK, size=8)
    hash_style = FontFace(family="Courier", size_pt=7.5)
    with pdf.table(
        col_widths=(16, 158), line_height=4.2, text_align="LEFT", headings_style=HEADINGS
    ) as grid:
        grid.row(["序号", "哈希值"])
        for row in data.events:
            cells = grid.row()
            cells.cell(str(row.seq))
            cells.cell(row.hash, style=hash_style)


def render_pdf(data: DossierData) -> bytes:
    pdf = DossierPDF(data.problem.code)
    pdf.set_title(document_text(f"{text.TITLE} {data.problem.code}"))
    pdf.set_author("duban")
    pdf.set_creator("duban")
    _cover(pdf, data)
    _body(pdf, data)
    _events(pdf, data)
    _appendix(pdf, data)
    return bytes(pdf.output())
