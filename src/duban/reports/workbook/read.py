"""Reading a workbook (整改台账) into rows keyed by standard column name. No database.

Office files put a merged title row above the header, merge header cells across two rows
("验收情况" over 验收单位/签字人 …) and merge a problem's cells down over its task rows. Every
merged range is read as if each of its cells held the top-left value; the header row is the
row among the first ten that names the most known columns.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from duban.reports.workbook.format import KNOWN_HEADERS, PROBLEM_CODE, normalize_header

HEADER_SEARCH_ROWS = 10
MIN_HEADER_MATCHES = 3
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024


class WorkbookFileError(ValueError):
    """The file as a whole cannot be read as a workbook (not .xlsx, no header row …)."""

    def __init__(self, message: str, *, row: int = 0) -> None:
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet numbers it
    values: dict[str, Any]


@dataclass
class SheetData:
    sheet: str
    header_row: int  # the last header row (two-row headers end one row lower)
    columns: dict[str, int]  # standard name → 1-based column index
    rows: list[SheetRow] = field(default_factory=list)


def _open(content: bytes) -> Any:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise WorkbookFileError("文件解压后过大，拒绝读取")
    except zipfile.BadZipFile as error:
        hint = "（旧版 .xls 请另存为 .xlsx）" if content[:4] == b"\xd0\xcf\x11\xe0" else ""
        raise WorkbookFileError(f"不是有效的 .xlsx 文件{hint}") from error
    try:
        return load_workbook(io.BytesIO(content), data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged package
        raise WorkbookFileError(f"无法读取 .xlsx 文件：{error}") from error


def _merged_fill(sheet: Worksheet) -> dict[tuple[int, int], Any]:
    """(row, column) → value for every merged cell but the top-left one, which holds it."""
    fill: dict[tuple[int, int], Any] = {}
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    fill[(row, column)] = value
    return fill


def _grid(sheet: Worksheet, fill: dict[tuple[int, int], Any], rows: int) -> list[list[Any]]:
    width = sheet.max_column or 0
    grid = []
    for row_number, values in enumerate(
        sheet.iter_rows(min_row=1, max_row=rows, max_col=width, values_only=True), start=1
    ):
        grid.append(
            [fill.get((row_number, column), value) for column, value in enumerate(values, 1)]
        )
    return grid


def _known(value: Any) -> str | None:
    name = normalize_header(value)
    return name if name in KNOWN_HEADERS else None


def _find_header(grid: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    scores = [sum(1 for value in row if _known(value)) for row in grid]
    if not scores or max(scores) < MIN_HEADER_MATCHES:
        return None
    first = scores.index(max(scores))
    names = [_known(value) for value in grid[first]]
    last = first
    # A second header row holds known names too: sub-headers under a group heading such as
    # 验收情况, or the lower half of header cells merged down across both rows.
    if first + 1 < len(grid):
        below = [_known(value) for value in grid[first + 1]]
        if any(below):
            names = [low or high for high, low in zip(names, below, strict=False)]
            last = first + 1
    columns: dict[str, int] = {}
    for index, name in enumerate(names, start=1):
        if name is None:
            continue
        if name in columns:
            raise WorkbookFileError(f"表头中“{name}”列出现了两次", row=last + 1)
        columns[name] = index
    if PROBLEM_CODE not in columns:
        return None
    return last + 1, columns


def read_workbook(content: bytes) -> SheetData:
    """The first sheet with a workbook header, as rows; raises WorkbookFileError."""
    workbook = _open(content)
    for sheet in workbook.worksheets:
        fill = _merged_fill(sheet)
        found = _find_header(_grid(sheet, fill, HEADER_SEARCH_ROWS))
        if found is None:
            continue
        header_row, columns = found
        data = SheetData(sheet=sheet.title, header_row=header_row, columns=columns)
        width = max(columns.values())
        for number, values in enumerate(
            sheet.iter_rows(min_row=header_row + 1, max_col=width, values_only=True),
            start=header_row + 1,
        ):
            row = {
                name: fill.get((number, index), values[index - 1] if index <= len(values) else None)
                for name, index in columns.items()
            }
            if any(value is not None and str(value).strip() for value in row.values()):
                data.rows.append(SheetRow(number, row))
        return data
    raise WorkbookFileError(
        f"前{HEADER_SEARCH_ROWS}行中找不到台账表头（至少应有“{PROBLEM_CODE}”等{MIN_HEADER_MATCHES}个列名）"
    )
