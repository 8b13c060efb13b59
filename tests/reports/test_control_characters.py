"""Old data with control characters (written before input was normalised) still renders: the
Word progress report and the workbook export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from duban.rectification.models import ProgressReport, Task
from duban.reports.progress_report import progress_report
from duban.reports.workbook.export import workbook_export

pytestmark = pytest.mark.django_db
BAD = "进展\u0001\u000b说明"


def test_the_progress_report_renders_a_narrative_with_control_characters(world, settings):
    settings.DUBAN_TODAY = date(2021, 7, 5)
    assert ProgressReport.objects.update(narrative=BAD)
    report = progress_report(user=world.w.reviewer, plan=world.w.plan, day=date(2021, 6, 15))
    document = Document(io.BytesIO(report.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "进展\ufffd\n说明" in cells


def test_the_workbook_export_renders_text_with_control_characters(world):
    assert Task.objects.update(latest_progress=BAD)
    export = workbook_export(user=world.w.reviewer, plan=world.w.plan)
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "进展\ufffd\n说明" in values


def test_the_workbook_export_keeps_formulas_as_text(world):
    Task.objects.update(latest_progress="=1+1")
    export = workbook_export(user=world.w.reviewer, plan=world.w.plan)
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=1+1"]
    assert cells and all(cell.data_type == "s" for cell in cells)
