"""Ledger workbooks written the way office programs write them (generated, never committed)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from duban.reports.workbook.format import HEADERS

GROUP = ("验收单位", "签字人", "公示日期", "销号日期")


def sheet_rows(content: bytes, *, header_row: int = 2) -> list[dict[str, Any]]:
    """The data rows of a workbook as {header: value}, dates as date."""
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(min_row=header_row, values_only=True))
    headers = rows[0]
    result = []
    for values in rows[1:]:
        row = {}
        for header, value in zip(headers, values, strict=False):
            row[header] = value.date() if isinstance(value, datetime) else value
        result.append(row)
    return result


def build(
    rows: Sequence[dict[str, Any]],
    *,
    headers: Sequence[str] = HEADERS,
    title: str | None = "株洲市整改台账",
    two_row_header: bool = False,
    merge_problem_cells: bool = False,
) -> bytes:
    """A ledger as an office user makes one: a merged title row, the header (optionally over
    two rows with a merged group heading), and optionally a problem's cells merged down."""
    workbook = Workbook()
    sheet = workbook.active
    top = 1
    width = len(headers)
    if title:
        sheet.cell(1, 1, title)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        top = 2
    if two_row_header:
        _two_row_header(sheet, headers, top)
        first_data = top + 2
    else:
        for column, header in enumerate(headers, start=1):
            sheet.cell(top, column, header)
        first_data = top + 1
    for offset, row in enumerate(rows):
        for column, header in enumerate(headers, start=1):
            value = row.get(header)
            cell = sheet.cell(first_data + offset, column, value)
            if isinstance(value, date):
                cell.number_format = "yyyy/m/d"
            elif isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, as the export writes it
    if merge_problem_cells:
        _merge_problems(sheet, rows, headers, first_data)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _two_row_header(sheet: Any, headers: Sequence[str], top: int) -> None:
    group_columns = [i for i, h in enumerate(headers, start=1) if h in GROUP]
    for column, header in enumerate(headers, start=1):
        if column in group_columns:
            sheet.cell(top + 1, column, header)
        else:
            sheet.cell(top, column, header)
            sheet.merge_cells(
                start_row=top, start_column=column, end_row=top + 1, end_column=column
            )
    if group_columns:
        sheet.cell(top, group_columns[0], "验收销号情况")
        sheet.merge_cells(
            start_row=top,
            start_column=group_columns[0],
            end_row=top,
            end_column=group_columns[-1],
        )


def _merge_problems(
    sheet: Any, rows: Sequence[dict[str, Any]], headers: Sequence[str], first: int
) -> None:
    """Merge 问题编号/来源/问题描述 down over each problem's consecutive rows, as offices do."""
    start = 0
    for index in range(1, len(rows) + 1):
        if index < len(rows) and rows[index]["问题编号"] == rows[start]["问题编号"]:
            continue
        if index - start > 1:
            for name in ("问题编号", "来源", "问题描述"):
                column = list(headers).index(name) + 1
                for row in range(first + start + 1, first + index):
                    sheet.cell(row, column).value = None
                sheet.merge_cells(
                    start_row=first + start,
                    start_column=column,
                    end_row=first + index - 1,
                    end_column=column,
                )
        start = index


SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
SHARED_STRINGS_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)
INLINE_CELL = re.compile(
    r'<c([^>]*?) t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S
)


def with_shared_strings(content: bytes) -> bytes:
    """Move inline strings (what openpyxl writes) into a shared-string table, as Excel,
    WPS and LibreOffice store text."""
    source = zipfile.ZipFile(io.BytesIO(content))
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        strings.append(match.group(3))
        return f'<c{match.group(1)} t="s"{match.group(2)}><v>{len(strings) - 1}</v></c>'

    parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts[name] = INLINE_CELL.sub(shared, parts[name].decode()).encode()
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/></Types>',
    ).encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdShared" Type="{SHARED_STRINGS_REL}" Target="sharedStrings.xml"/>'
        "</Relationships>",
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def column_letter(header: str, headers: Sequence[str] = HEADERS) -> str:
    return get_column_letter(list(headers).index(header) + 1)
