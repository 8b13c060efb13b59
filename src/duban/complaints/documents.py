"""The daily public table 转办和边督边改公开情况一览表, per batch (第N批) and cumulative (every
batch of a team), as .xlsx and .docx, with the batch totals beside it.

Columns and wording follow the published tables (docs/complaints.md; research §3, examples
B and C): 序号, 受理编号, 交办问题基本情况, 行政区域, 问题类型, 调查核实情况, 是否属实, 办结目标,
处理和整改情况, 是否办结, 责任人被处理情况. Only complaints marked public are in it, and nothing
of the complainant ever is: the rows are read from `Complaint` columns alone (the identity
lives in its own table, which nothing here touches). Every text passes through
`core.documents.document_text`, so whatever was stored (emoji, control characters, lone
surrogates) is written safely.

Decided where the published tables say nothing:
- A complaint linked as a repeat is listed with "与受理编号 … 反映问题相同，合并办理" when it has no
  handling of its own, and takes its 是否办结 from the complaint it repeats.
- A complaint not accepted (不予受理) is a final answer: 是否办结 已办结, 处理和整改情况 the reason.
- 责任人被处理情况 is "无" once concluded with nobody held to account; empty while open.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from duban.complaints.choices import ComplaintState, Truth
from duban.complaints.errors import TABLE_NOT_FOUND
from duban.complaints.models import Complaint
from duban.complaints.selectors import complaint_visible_to
from duban.core import clock
from duban.core.documents import document_text, use_cjk_font
from duban.core.official import chinese_date
from duban.errors import NotFound
from duban.inspections.models import InspectionTeam

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {"xlsx": XLSX, "docx": DOCX}

TITLE = "群众信访举报转办和边督边改公开情况一览表"
# (header, xlsx width in characters, docx relative width)
COLUMNS: tuple[tuple[str, int, float], ...] = (
    ("序号", 6, 0.8),
    ("受理编号", 20, 2.4),
    ("交办问题基本情况", 40, 5.0),
    ("行政区域", 12, 1.6),
    ("问题类型", 10, 1.4),
    ("调查核实情况", 40, 5.0),
    ("是否属实", 8, 1.2),
    ("办结目标", 20, 2.4),
    ("处理和整改情况", 40, 5.0),
    ("是否办结", 10, 1.3),
    ("责任人被处理情况", 18, 2.2),
)
TRUTH_TEXT = {
    Truth.TRUE: "属实",
    Truth.BASICALLY_TRUE: "基本属实",
    Truth.PARTLY_TRUE: "部分属实",
    Truth.UNTRUE: "不属实",
}
CONCLUDED, PARTLY, OPEN = "已办结", "阶段性办结", "未办结"
# The totals' columns (the second sheet; the Word summary lines).
TOTAL_COLUMNS = (
    "批次",
    "交办件数",
    "已办结（件）",
    "阶段性办结（件）",
    "未办结（件）",
    "责令整改（家）",
    "立案处罚（家）",
    "罚款（万元）",
    "立案侦查（件）",
    "行政拘留（人）",
    "刑事拘留（人）",
    "约谈（人）",
    "问责（人）",
)


def _conclusion(state: str) -> str:
    if state in (ComplaintState.CONCLUDED, ComplaintState.NOT_ACCEPTED):
        return CONCLUDED
    if state == ComplaintState.PARTLY_CONCLUDED:
        return PARTLY
    return OPEN


def region_text(complaint: Complaint) -> str:
    """株洲市渌口区: a county-level region under its city's name."""
    region = complaint.region
    parent = region.parent
    if parent is not None and not region.code.endswith("00") and parent.code.endswith("00"):
        if not parent.code.endswith("0000"):
            return f"{parent.name}{region.name}"
    return region.name


@dataclass(frozen=True)
class TableRow:
    """One published row: the eleven columns, as text."""

    serial: int
    number: str
    content: str
    region: str
    kinds: str
    investigation: str
    truth: str
    target: str
    measures: str
    concluded: str
    accountability: str
    batch_number: int | None = None

    def cells(self) -> list[str]:
        values = [
            str(self.serial),
            self.number,
            self.content,
            self.region,
            self.kinds,
            self.investigation,
            self.truth,
            self.target,
            self.measures,
            self.concluded,
            self.accountability,
        ]
        return [document_text(value) for value in values]


def table_row(serial: int, complaint: Complaint) -> TableRow:
    measures = complaint.measures
    state = complaint.state
    if complaint.state == ComplaintState.LINKED and complaint.repeat_of is not None:
        state = complaint.repeat_of.state
        if not measures:
            measures = f"与受理编号 {complaint.repeat_of.number} 反映问题相同，合并办理。"
    if complaint.state == ComplaintState.NOT_ACCEPTED and not measures:
        measures = f"不予受理：{complaint.not_accepted_reason}".rstrip("：")
    concluded = _conclusion(state)
    accountability = complaint.accountability or ("无" if concluded == CONCLUDED else "")
    return TableRow(
        serial=serial,
        number=complaint.number,
        content=complaint.content,
        region=region_text(complaint),
        kinds=complaint.pollution_types.replace(",", "、"),
        investigation=complaint.investigation,
        truth=TRUTH_TEXT.get(complaint.truth, ""),  # type: ignore[call-overload]
        target=complaint.closure_target,
        measures=measures,
        concluded=concluded,
        accountability=accountability,
        batch_number=complaint.batch_number,
    )


def public_table_complaints(
    team: InspectionTeam, batch_number: int | None = None
) -> QuerySet[Complaint]:
    """The public complaints a team handed over: one batch, or every batch (None)."""
    return public_table_complaints_q(Complaint.objects.filter(team=team), batch_number)


def public_table_rows(
    team: InspectionTeam,
    batch_number: int | None = None,
    *,
    within: QuerySet[Complaint] | None = None,
) -> list[TableRow]:
    """The table's rows, in batch then acceptance-number order (the portal's, unscoped; a
    page narrows them to what its user sees with `within`)."""
    complaints = public_table_complaints(team, batch_number)
    if within is not None:
        complaints = complaints.filter(pk__in=within.values("pk"))
    complaints = complaints.select_related("region__parent", "repeat_of").order_by(
        "batch_number", "number", "pk"
    )
    return [
        table_row(serial, complaint)
        for serial, complaint in enumerate(complaints.iterator(chunk_size=500), start=1)
    ]


@dataclass(frozen=True)
class Totals:
    """A batch's (or all batches') totals, as published beside the table."""

    batch_number: int | None
    complaints: int = 0
    concluded: int = 0
    partly: int = 0
    open: int = 0
    ordered_to_rectify: int = 0
    cases_filed: int = 0
    fines_wan_yuan: Decimal = Decimal("0")
    criminal_cases: int = 0
    administrative_detentions: int = 0
    criminal_detentions: int = 0
    talks: int = 0
    held_accountable: int = 0

    @property
    def label(self) -> str:
        return f"第{self.batch_number}批" if self.batch_number is not None else "合计"

    def cells(self) -> list[Any]:
        return [
            self.label,
            self.complaints,
            self.concluded,
            self.partly,
            self.open,
            self.ordered_to_rectify,
            self.cases_filed,
            self.fines_wan_yuan,
            self.criminal_cases,
            self.administrative_detentions,
            self.criminal_detentions,
            self.talks,
            self.held_accountable,
        ]

    def sentence(self) -> str:
        fines = f"{self.fines_wan_yuan.normalize():f}"
        return (
            f"{self.label}共{self.complaints}件，其中已办结{self.concluded}件、"
            f"阶段性办结{self.partly}件、未办结{self.open}件；"
            f"责令整改{self.ordered_to_rectify}家，立案处罚{self.cases_filed}家，"
            f"罚款{fines}万元，立案侦查{self.criminal_cases}件，"
            f"行政拘留{self.administrative_detentions}人，刑事拘留{self.criminal_detentions}人，"
            f"约谈{self.talks}人，问责{self.held_accountable}人。"
        )


# A linked repeat counts as its first complaint stands; so does the table's 是否办结.
_CONCLUDED_Q = Q(state__in=[ComplaintState.CONCLUDED, ComplaintState.NOT_ACCEPTED]) | Q(
    state=ComplaintState.LINKED,
    repeat_of__state__in=[ComplaintState.CONCLUDED, ComplaintState.NOT_ACCEPTED],
)
_PARTLY_Q = Q(state=ComplaintState.PARTLY_CONCLUDED) | Q(
    state=ComplaintState.LINKED, repeat_of__state=ComplaintState.PARTLY_CONCLUDED
)
_SUMS = (
    "ordered_to_rectify",
    "cases_filed",
    "criminal_cases",
    "administrative_detentions",
    "criminal_detentions",
    "talks",
    "held_accountable",
)


def _aggregates() -> dict[str, Any]:
    zero_money = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))
    return {
        "n": Count("pk"),
        "n_concluded": Count("pk", filter=_CONCLUDED_Q),
        "n_partly": Count("pk", filter=_PARTLY_Q),
        "fines": Coalesce(Sum("fines_wan_yuan"), zero_money),
        **{name: Coalesce(Sum(name), 0) for name in _SUMS},
    }


def _totals(batch_number: int | None, values: dict[str, Any]) -> Totals:
    n, concluded, partly = values["n"], values["n_concluded"], values["n_partly"]
    return Totals(
        batch_number=batch_number,
        complaints=n,
        concluded=concluded,
        partly=partly,
        open=n - concluded - partly,
        fines_wan_yuan=Decimal(values["fines"]).quantize(Decimal("0.01")),
        **{name: int(values[name]) for name in _SUMS},
    )


def table_totals(complaints: QuerySet[Complaint]) -> tuple[list[Totals], Totals]:
    """Per-batch totals and the grand total, in two queries whatever the number of rows."""
    per_batch = [
        _totals(values["batch_number"], dict(values))
        for values in complaints.order_by()
        .values("batch_number")
        .annotate(**_aggregates())
        .order_by("batch_number")
    ]
    return per_batch, _totals(None, complaints.order_by().aggregate(**_aggregates()))


@dataclass
class PublicTable:
    team: InspectionTeam
    batch_number: int | None  # None: cumulative
    rows: list[TableRow]
    batches: list[Totals]
    total: Totals
    day: date  # the batch's hand-over day (the latest one, cumulative)

    @property
    def title(self) -> str:
        if self.batch_number is None:
            last = self.batches[-1].batch_number if self.batches else 0
            when = f"累计第1—{last}批 截至{chinese_date(self.day)}"
        else:
            when = f"第{self.batch_number}批 {chinese_date(self.day)}"
        return document_text(f"{self.team.name}交办{TITLE}（{when}）")

    def filename(self, extension: str) -> str:
        which = f"第{self.batch_number}批" if self.batch_number is not None else "累计"
        return f"{TITLE}-{which}-{self.day:%Y%m%d}.{extension}"

    @property
    def summary(self) -> str:
        """The totals beside the table: the batch's, or the grand total and each batch's."""
        if self.batch_number is not None:
            return self.batches[0].sentence() if self.batches else "本批无公开件。"
        lines = [self.total.sentence()] + [batch.sentence() for batch in self.batches]
        return "\n".join(lines)


def public_table(
    team: InspectionTeam,
    batch_number: int | None = None,
    *,
    within: QuerySet[Complaint] | None = None,
) -> PublicTable:
    """The table of one batch (or all), of what `within` holds (a user's complaints), or of
    everything public (None: the portal, the command line as the system)."""
    complaints = public_table_complaints(team, batch_number)
    if within is not None:
        complaints = complaints.filter(pk__in=within.values("pk"))
    batches, total = table_totals(complaints)
    day = complaints.aggregate(day=Max("handed_over_on"))["day"] or clock.today()
    rows = public_table_rows(team, batch_number, within=within)
    return PublicTable(team, batch_number, rows, batches, total, day)


@dataclass(frozen=True)
class Batch:
    """A batch (第N批) of a team's public complaints that a user sees."""

    team_id: int
    team_name: str
    batch_number: int
    complaints: int
    handed_over_on: date | None


def table_batches(user: Any) -> list[Batch]:
    """The teams' batches of public complaints the user sees, newest team and batch first
    (one query)."""
    rows = (
        complaint_visible_to(user)
        .filter(team__isnull=False, batch_number__isnull=False, is_public=True)
        .order_by()
        .values("team_id", "team__name", "batch_number")
        .annotate(n=Count("pk"), day=Max("handed_over_on"))
        .order_by("-team_id", "-batch_number")
    )
    return [
        Batch(r["team_id"], r["team__name"], int(r["batch_number"] or 0), r["n"], r["day"])
        for r in rows
    ]


def table_for(*, user: Any, team_id: int, batch_number: int | None = None) -> PublicTable:
    """The table of a team's batch (or all its batches) as the user sees it: the public
    complaints the user sees. NotFound when there is none (out of scope is 404)."""
    within = complaint_visible_to(user)
    complaints = Complaint.objects.filter(pk__in=within.values("pk"), team_id=team_id)
    complaints = public_table_complaints_q(complaints, batch_number)
    team = InspectionTeam.objects.filter(pk=team_id).first()
    if team is None or not complaints.exists():
        raise NotFound(TABLE_NOT_FOUND(), code=TABLE_NOT_FOUND.code)
    return public_table(team, batch_number, within=within)


def public_table_complaints_q(
    complaints: QuerySet[Complaint], batch_number: int | None
) -> QuerySet[Complaint]:
    complaints = complaints.filter(is_public=True, batch_number__isnull=False)
    if batch_number is not None:
        complaints = complaints.filter(batch_number=batch_number)
    return complaints


# Excel.

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(vertical="top", wrap_text=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
TITLE_ROW, SUMMARY_ROW, HEADER_ROW = 1, 2, 3


def _header(sheet: Any, row: int, headers: list[str], widths: list[int]) -> None:
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = _CENTER
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width


def _text_cell(sheet: Any, row: int, column: int, value: Any) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, int | Decimal):
        cell.value = value
    else:
        cell.value = document_text(value)
        cell.data_type = "s"  # a text starting with '=' is data, never a formula
    cell.alignment = _WRAP
    cell.border = _BORDER


def _print_setup(sheet: Any, last_row: int, last_column: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_area = f"A1:{last_column}{max(last_row, HEADER_ROW)}"


def table_xlsx(table: PublicTable) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "一览表"
    last = get_column_letter(len(COLUMNS))
    title = sheet.cell(row=TITLE_ROW, column=1, value=table.title)
    title.font = Font(bold=True, size=14)
    title.alignment = _CENTER
    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    sheet.row_dimensions[TITLE_ROW].height = 36
    summary = sheet.cell(row=SUMMARY_ROW, column=1, value=document_text(table.summary))
    summary.alignment = _WRAP
    sheet.merge_cells(f"A{SUMMARY_ROW}:{last}{SUMMARY_ROW}")
    sheet.row_dimensions[SUMMARY_ROW].height = 18 * (table.summary.count("\n") + 1) + 6
    _header(sheet, HEADER_ROW, [c[0] for c in COLUMNS], [c[1] for c in COLUMNS])
    for offset, row in enumerate(table.rows, start=1):
        for column, value in enumerate(row.cells(), start=1):
            _text_cell(sheet, HEADER_ROW + offset, column, row.serial if column == 1 else value)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    _print_setup(sheet, HEADER_ROW + len(table.rows), last)

    totals = workbook.create_sheet("办理情况汇总")
    _header(totals, 1, list(TOTAL_COLUMNS), [10] + [12] * (len(TOTAL_COLUMNS) - 1))
    lines = [*table.batches, table.total] if table.batch_number is None else table.batches
    for offset, line in enumerate(lines, start=2):
        for column, value in enumerate(line.cells(), start=1):
            _text_cell(totals, offset, column, value)
    _print_setup(totals, len(lines) + 1, get_column_letter(len(TOTAL_COLUMNS)))
    workbook.properties.title = table.title
    workbook.properties.creator = "duban"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Word.


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _cell_text(cell: Any, text: str, *, bold: bool = False, size: float = 9) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if bold:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def table_docx(table: PublicTable) -> bytes:
    document = Document()
    use_cjk_font(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.core_properties.title = table.title
    document.core_properties.author = "duban"
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(table.title)
    run.bold = True
    run.font.size = Pt(16)
    for line in table.summary.split("\n"):
        document.add_paragraph(document_text(line))
    grid = document.add_table(rows=1, cols=len(COLUMNS))
    grid.style = "Table Grid"
    grid.autofit = False
    usable = 29.7 - 3.0
    scale = usable / sum(c[2] for c in COLUMNS)
    widths = [Cm(c[2] * scale) for c in COLUMNS]
    header = grid.rows[0]
    _repeat_header(header)
    for cell, (name, _, _) in zip(header.cells, COLUMNS, strict=True):
        _cell_text(cell, name, bold=True)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row.cells(), strict=True):
            _cell_text(cell, value)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class TableFile:
    content: bytes
    filename: str
    content_type: str


def table_file(table: PublicTable, file_format: str) -> TableFile:
    """The table as `file_format` ("xlsx" or "docx")."""
    content = table_xlsx(table) if file_format == "xlsx" else table_docx(table)
    return TableFile(content, table.filename(file_format), FORMATS[file_format])
