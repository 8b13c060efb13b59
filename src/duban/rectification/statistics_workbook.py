"""The statistics page's tables in full, as an Excel workbook: at national scale the page
shows the first rows of each (a thousand lead units would make a megabyte of HTML)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from duban.core.documents import document_text
from duban.rectification.statistics import SummaryRow

COLUMNS: list[tuple[Any, Callable[[SummaryRow], Any]]] = [
    (_("Name"), lambda row: document_text(row.label)),
    (_("Problem count"), lambda row: row.summary.problems),
    (_("Completed"), lambda row: row.summary.completed),
    (_("Closed"), lambda row: row.summary.closed),
    (_("On schedule"), lambda row: row.summary.on_schedule),
    (_("Behind"), lambda row: row.summary.behind),
    (_("Overdue"), lambda row: row.summary.overdue),
    (_("Completion rate"), lambda row: row.summary.completion_rate / 100),
    (_("Close-out rate"), lambda row: row.summary.closure_rate / 100),
]


def statistics_workbook(tables: Sequence[tuple[Any, list[SummaryRow]]]) -> bytes:
    """One sheet per table (caption, rows), every row, rates as percentages."""
    workbook = Workbook(write_only=True)
    for caption, rows in tables:
        sheet = workbook.create_sheet(title=str(caption)[:31])
        header = []
        for label, _value in COLUMNS:
            cell = WriteOnlyCell(sheet, value=str(label))
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in rows:
            cells = [WriteOnlyCell(sheet, value=value(row)) for _label, value in COLUMNS]
            cells[0].data_type = "s"  # a name is text, never a formula, whatever it begins with
            for rate in cells[-2:]:
                rate.number_format = "0.0%"
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
