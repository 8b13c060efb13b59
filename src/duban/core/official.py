"""Word documents in 公文 form (GB/T 9704-2012, as far as open fonts allow).

版头 (issuing organ in red, centred), 文号, the red separator line, the title, the body,
落款 and date at the right, page numbers "— 1 —" in the footer (odd pages at the right, even
pages at the left, one character in). Page A4 with the standard's margins: a 156 × 225 mm
text area (top 37 mm, left 28 mm). The standard's 方正小标宋 and 仿宋 are not open fonts:
titles use Noto Serif CJK SC Bold, the body Noto Serif CJK SC, headings of the first level
Noto Sans CJK SC (for 黑体) — all from Debian's fonts-noto-cjk (docs/documents.md).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from duban.core.documents import document_text

SERIF = "Noto Serif CJK SC"  # for 仿宋 (body) and 小标宋 (titles, bold)
SANS = "Noto Sans CJK SC"  # for 黑体 (first-level headings)
RED = RGBColor(0xE6, 0x00, 0x12)
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
ORGAN_SIZE = Pt(30)
TABLE_SIZE = Pt(10.5)  # 五号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE_PITCH = Pt(28.9)  # 22 lines in the 225 mm text area
TEXT_WIDTH_CM = 15.6
POINT_MM = 0.3528


def chinese_date(day: date) -> str:
    """2026年11月27日: the 成文日期 in Arabic figures, as GB/T 9704-2012 §7.3.5.3 asks."""
    return f"{day.year}年{day.month}月{day.day}日"


def _width(text: str) -> float:
    """Width in body characters: ASCII letters and figures are half as wide."""
    return sum(0.5 if character.isascii() else 1.0 for character in text)


def _fonts(run: Any, name: str) -> None:
    run.font.name = name
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _page_field(paragraph: Any) -> None:
    """A PAGE field between em dashes: "— 1 —"."""
    paragraph.add_run("— ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._element.append(instruction)
    number = OxmlElement("w:t")
    number.text = "1"
    run._element.append(number)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._element.append(end)
    paragraph.add_run(" —")
    for each in paragraph.runs:
        _fonts(each, SERIF)
        each.font.size = PAGE_NUMBER_SIZE


def _bottom_border(paragraph: Any, color: str = "E60012", size: int = 12) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", color)):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


class OfficialDocument:
    """One 公文 being written; `save()` returns the .docx bytes."""

    def __init__(self, *, title: str, author: str) -> None:
        self.document = Document()
        self._setup_styles()
        self._setup_page()
        self.document.core_properties.title = document_text(title)
        self.document.core_properties.author = document_text(author)

    def _setup_styles(self) -> None:
        normal = self.document.styles["Normal"]
        normal.font.size = BODY_SIZE
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), SERIF)
        spacing = normal.paragraph_format
        spacing.space_before = spacing.space_after = Pt(0)
        spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spacing.line_spacing = LINE_PITCH

    def _setup_page(self) -> None:
        self.document.settings.odd_and_even_pages_header_footer = True
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(28) - PAGE_NUMBER_SIZE  # 页码 7 mm below the text area
        odd = section.footer.paragraphs[0]
        odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        odd.paragraph_format.right_indent = PAGE_NUMBER_SIZE
        _page_field(odd)
        even = section.even_page_footer.paragraphs[0]
        even.alignment = WD_ALIGN_PARAGRAPH.LEFT
        even.paragraph_format.left_indent = PAGE_NUMBER_SIZE
        _page_field(even)

    def _line(self, text: str, *, font: str = SERIF, size: Any = BODY_SIZE) -> Any:
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(document_text(text))
        _fonts(run, font)
        run.font.size = size
        return paragraph

    def letterhead(self, *, organ: str, number: str) -> None:
        """版头: the organ's name in red, centred, then the 文号 and the red line."""
        # A long name shrinks to stay on one line of the 156 mm text area.
        size = Pt(min(ORGAN_SIZE.pt, 150 / (max(len(organ), 1) * POINT_MM)))
        organ_line = self._line(organ, size=size)
        organ_line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        organ_line.paragraph_format.line_spacing = Pt(size.pt * 1.5)
        run = organ_line.runs[0]
        run.bold, run.font.color.rgb = True, RED
        self.document.add_paragraph()
        numbered = self._line(number)
        numbered.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _bottom_border(numbered)
        self.document.add_paragraph()

    def title(self, text: str, subtitle: str = "") -> None:
        paragraph = self._line(text, size=TITLE_SIZE)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing = Pt(36)
        paragraph.runs[0].bold = True
        if subtitle:
            self._line(subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.document.add_paragraph()

    def addressee(self, text: str) -> None:
        """主送机关: flush left, ending with a full-width colon."""
        self._line(f"{text}：")

    def paragraph(self, text: str) -> Any:
        paragraph = self._line(text)
        paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        return paragraph

    def heading(self, text: str, level: int = 1) -> None:
        """一、 in 黑体 (Noto Sans), （一） in bold serif for 楷体, both indented two characters."""
        paragraph = self._line(text, font=SANS if level == 1 else SERIF)
        paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
        paragraph.paragraph_format.keep_with_next = True
        paragraph.runs[0].bold = level > 1

    def table(self, columns: Sequence[tuple[str, float]], rows: list[list[str]]) -> None:
        """A ruled table across the text area; widths are scaled to fit it."""
        scale = TEXT_WIDTH_CM / sum(width for _header, width in columns)
        table = self.document.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        table.autofit = False
        for cell, (header, _width) in zip(table.rows[0].cells, columns, strict=True):
            _fonts(cell.paragraphs[0].add_run(header), SANS)
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = document_text(value)
        for column, (_header, width) in zip(table.columns, columns, strict=True):
            column.width = Cm(width * scale)  # the grid, which LibreOffice and WPS follow
        for row in table.rows:
            for cell, (_header, width) in zip(row.cells, columns, strict=True):
                cell.width = Cm(width * scale)
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                    for run in paragraph.runs:
                        run.font.size = TABLE_SIZE
        self.document.add_paragraph()

    def signature(self, *, organ: str, day: date) -> None:
        """成文日期 four characters in from the right, 落款 centred over it (GB/T 9704 §7.3.5.1);
        a name wider than the date keeps to the right margin."""
        written = chinese_date(day)
        date_width = _width(written)
        organ_indent = max(0.0, 4 + (date_width - _width(organ)) / 2)
        self.document.add_paragraph()
        for text, indent in ((organ, organ_indent), (written, 4.0)):
            line = self._line(text)
            line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            line.paragraph_format.right_indent = Pt(BODY_SIZE.pt * indent)

    def note(self, text: str) -> None:
        """A remark in parentheses (附注), indented two characters."""
        paragraph = self._line(f"（{text}）")
        paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
