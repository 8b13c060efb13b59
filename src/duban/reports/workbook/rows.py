"""Ledger rows as typed values: every cell checked on its own, before any database lookup."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from duban.reports.workbook import format as fmt
from duban.reports.workbook.read import SheetData

MAX_CODE_LENGTH = 32
MAX_TASK_NUMBER = 32767


@dataclass(frozen=True)
class RowError:
    """One refusal (or one ignored value): where, which column, why."""

    row: int  # spreadsheet row number; 0 for the file as a whole
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where} [{self.column}] {self.reason}" if self.column else f"{where} {self.reason}"


@dataclass
class WorkbookRow:
    """One task row of the workbook, parsed; None means the cell (or the column) was empty."""

    row: int
    problem_code: str
    task_number: int | None
    source: str | None
    description: str
    target: str
    measures: str
    lead_unit: str
    co_units: list[str] | None
    person: str
    deadline: fmt.Deadline | None
    acceptance_level: str | None
    state: str | None
    assigned_on: date | None
    export_only: dict[str, Any] = field(default_factory=dict)


class _Cells:
    """Reads one sheet row, collecting a RowError for every cell that does not parse."""

    def __init__(self, number: int, values: dict[str, Any], errors: list[RowError]) -> None:
        self.number, self.values, self.errors = number, values, errors

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.number, column, reason))

    def text(self, column: str, *, required: bool = False) -> str:
        text = fmt.clean_text(self.values.get(column))
        if required and not text:
            self.error(column, "必填")
        return text

    def parsed(self, column: str, parse: Any) -> Any:
        text = self.text(column)
        if not text:
            return None
        try:
            return parse(text)
        except ValueError as error:
            self.error(column, str(error))
            return None

    def date(self, column: str) -> date | None:
        try:
            return fmt.parse_date(self.values.get(column))
        except ValueError as error:
            self.error(column, str(error))
            return None

    def task_number(self) -> int | None:
        value = self.values.get(fmt.TASK_NUMBER)
        text = fmt.clean_text(value)
        if not text:
            return None
        if text.isdigit() and 1 <= int(text) <= MAX_TASK_NUMBER:
            return int(text)
        self.error(fmt.TASK_NUMBER, f"“{text}”不是有效的任务序号（应为1至{MAX_TASK_NUMBER}的整数）")
        return None

    def deadline(self) -> fmt.Deadline | None:
        value = self.values.get(fmt.DEADLINE)
        try:
            deadline = fmt.parse_deadline(value)
        except ValueError as error:
            self.error(fmt.DEADLINE, str(error))
            return None
        if deadline is None:
            self.error(fmt.DEADLINE, "必填（日期、“立行立改”或“长期坚持”）")
        return deadline


def _parse_row(number: int, values: dict[str, Any], errors: list[RowError]) -> WorkbookRow:
    cells = _Cells(number, values, errors)
    code = cells.text(fmt.PROBLEM_CODE, required=True)
    if len(code) > MAX_CODE_LENGTH:
        cells.error(fmt.PROBLEM_CODE, f"问题编号不能超过{MAX_CODE_LENGTH}个字符")
    co_units = cells.text(fmt.CO_UNITS) if fmt.CO_UNITS in values else None
    export_only: dict[str, Any] = {
        fmt.PROGRESS: cells.text(fmt.PROGRESS),
        fmt.ACCEPTANCE_UNIT: cells.text(fmt.ACCEPTANCE_UNIT),
        fmt.SIGNER: cells.text(fmt.SIGNER),
        fmt.PUBLICITY_DATE: cells.date(fmt.PUBLICITY_DATE),
        fmt.CLOSED_DATE: cells.date(fmt.CLOSED_DATE),
    }
    return WorkbookRow(
        row=number,
        problem_code=code,
        task_number=cells.task_number(),
        source=cells.parsed(fmt.SOURCE, fmt.parse_source),
        description=cells.text(fmt.DESCRIPTION),
        target=cells.text(fmt.TARGET, required=True),
        measures=cells.text(fmt.MEASURES, required=True),
        lead_unit=cells.text(fmt.LEAD_UNIT, required=True),
        co_units=None if co_units is None else fmt.split_units(co_units),
        person=fmt.person_name(cells.text(fmt.PERSON, required=True)),
        deadline=cells.deadline(),
        acceptance_level=cells.parsed(fmt.ACCEPTANCE_LEVEL, fmt.parse_acceptance_level),
        state=cells.parsed(fmt.STATE, fmt.parse_state),
        assigned_on=cells.date(fmt.ASSIGNED_ON),
        export_only={k: v for k, v in export_only.items() if k in values},
    )


def _number_tasks(rows: list[WorkbookRow], *, has_column: bool, errors: list[RowError]) -> None:
    """Task 1 for a problem's only row; otherwise the number is required and unique."""
    per_problem = Counter(row.problem_code for row in rows)
    seen: dict[tuple[str, int], int] = {}
    for row in rows:
        if row.task_number is None and row.problem_code:
            if per_problem[row.problem_code] == 1:
                row.task_number = 1
            elif has_column:
                reason = "同一问题编号有多行时必须填写任务序号"
                errors.append(RowError(row.row, fmt.TASK_NUMBER, reason))
            else:
                errors.append(
                    RowError(
                        row.row,
                        fmt.PROBLEM_CODE,
                        f"问题编号“{row.problem_code}”有多行，文件却没有“任务序号”列",
                    )
                )
        if row.task_number is None or not row.problem_code:
            continue
        key = (row.problem_code, row.task_number)
        if key in seen:
            errors.append(
                RowError(
                    row.row,
                    fmt.TASK_NUMBER,
                    f"与第{seen[key]}行重复（{row.problem_code} 第{row.task_number}项任务）",
                )
            )
        else:
            seen[key] = row.row


def parse_rows(sheet: SheetData) -> tuple[list[WorkbookRow], list[RowError]]:
    """Typed rows and the errors of every cell; a missing required column stops here."""
    missing = [name for name in fmt.REQUIRED_HEADERS if name not in sheet.columns]
    if missing:
        return [], [RowError(sheet.header_row, name, "缺少必需的列") for name in missing]
    errors: list[RowError] = []
    rows = [_parse_row(row.number, row.values, errors) for row in sheet.rows]
    _number_tasks(rows, has_column=fmt.TASK_NUMBER in sheet.columns, errors=errors)
    return rows, errors
