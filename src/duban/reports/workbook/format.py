"""The workbook (整改台账) spreadsheet format: columns, Chinese labels, dates. No database.

Column headers and cell values are Chinese content by nature (the format offices exchange),
so they are written here in Chinese rather than translated.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from django.utils.translation import override

from duban.inspections.choices import ProblemSource, ScheduleStatus
from duban.rectification.choices import AcceptanceLevel, TaskKind, TaskState, WarningLevel


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    wrap: bool = False


SERIAL = "序号"
PROBLEM_CODE = "问题编号"
TASK_NUMBER = "任务序号"
SOURCE = "来源"
DESCRIPTION = "问题描述"
TARGET = "整改目标"
MEASURES = "整改措施"
LEAD_UNIT = "牵头单位"
CO_UNITS = "配合单位"  # the pages' word for co-units; older workbooks say 责任单位
PERSON = "责任人"
DEADLINE = "整改时限"
ACCEPTANCE_LEVEL = "验收层级"
PROGRESS = "本期进展"
STATE = "状态"
ACCEPTANCE_UNIT = "验收单位"
SIGNER = "签字人"
PUBLICITY_DATE = "公示日期"
CLOSED_DATE = "销号日期"
# Computed from the task's state on export; never read back (not in KNOWN_HEADERS).
PERCENT = "进度%"
SCHEDULE = "序时进度"
WARNING = "预警"
COMPUTED = frozenset({PERCENT, SCHEDULE, WARNING})
# Read on import when present (never exported): lets a historical workbook keep its dates.
ASSIGNED_ON = "交办日期"

COLUMNS: tuple[Column, ...] = (
    Column(SERIAL, 6),
    Column(PROBLEM_CODE, 14),
    Column(TASK_NUMBER, 8),
    Column(SOURCE, 10),
    Column(DESCRIPTION, 40, wrap=True),
    Column(TARGET, 30, wrap=True),
    Column(MEASURES, 40, wrap=True),
    Column(LEAD_UNIT, 18, wrap=True),
    Column(CO_UNITS, 24, wrap=True),
    Column(PERSON, 10),
    Column(DEADLINE, 16),
    Column(ACCEPTANCE_LEVEL, 10),
    Column(PROGRESS, 40, wrap=True),
    Column(STATE, 12),
    Column(PERCENT, 8),
    Column(SCHEDULE, 14),
    Column(WARNING, 8),
    Column(ACCEPTANCE_UNIT, 18, wrap=True),
    Column(SIGNER, 10),
    Column(PUBLICITY_DATE, 14),
    Column(CLOSED_DATE, 14),
)
HEADERS = tuple(column.header for column in COLUMNS)
KNOWN_HEADERS = (frozenset(HEADERS) - COMPUTED) | {ASSIGNED_ON}
# Header spellings seen in office workbooks, mapped to the standard name.
HEADER_ALIASES = {"任务编号": TASK_NUMBER, "责任单位": CO_UNITS}
REQUIRED_HEADERS = (
    PROBLEM_CODE,
    SOURCE,
    DESCRIPTION,
    TARGET,
    MEASURES,
    LEAD_UNIT,
    PERSON,
    DEADLINE,
    ACCEPTANCE_LEVEL,
)
# Shown in the export, never written by the import (they change only through the workflow).
EXPORT_ONLY = (PROGRESS, ACCEPTANCE_UNIT, SIGNER, PUBLICITY_DATE, CLOSED_DATE)
DATE_NUMBER_FORMAT = 'yyyy"年"m"月"d"日"'


@cache
def acceptance_labels() -> dict[str, str]:
    """The pages' words for the acceptance levels (省级/市级/县级): one source for both."""
    with override("zh-hans"):
        return {str(value): str(label) for value, label in AcceptanceLevel.choices}


ONGOING_TEXT = "长期坚持"
IMMEDIATE_TEXT = "立行立改"
UNIT_SEPARATORS = re.compile(r"[、，,;；\n]+")


def normalize_header(value: object) -> str:
    """Header text without spaces, line breaks, full-width forms or required-field stars."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = re.sub(r"[\s*]+", "", text)
    return HEADER_ALIASES.get(text, text)


def clean_text(value: object) -> str:
    """A cell as text: numbers without a spurious '.0', line endings unified, ends trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return format_date(value if isinstance(value, date) else value.date())
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def same_text(left: str, right: str) -> bool:
    """Equal once runs of white space are folded (spreadsheets re-wrap long text)."""
    return " ".join(left.split()) == " ".join(right.split())


def split_units(text: str) -> list[str]:
    return [name.strip() for name in UNIT_SEPARATORS.split(text) if name.strip()]


def person_name(text: str) -> str:
    """'周建国（局长）' → '周建国': a post in brackets after the name is tolerated."""
    return re.sub(r"\s*[（(][^）)]*[）)]\s*$", "", text).strip()


# --- labels --------------------------------------------------------------------------------


@cache
def state_labels() -> dict[str, str]:
    with override("zh-hans"):
        return {str(value): str(label) for value, label in TaskState.choices}


@cache
def schedule_labels() -> dict[str, str]:
    with override("zh-hans"):
        return {str(value): str(label) for value, label in ScheduleStatus.choices}


@cache
def warning_labels() -> dict[str, str]:
    with override("zh-hans"):
        return {str(value): f"{label}预警" for value, label in WarningLevel.choices}


@cache
def source_labels() -> dict[str, str]:
    with override("zh-hans"):
        return {str(value): str(label) for value, label in ProblemSource.choices}


def _reverse(labels: dict[str, str], english: list[tuple[str, str]]) -> dict[str, str]:
    lookup = {label: value for value, label in labels.items()}
    for value, label in english:
        lookup.setdefault(value, value)
        lookup.setdefault(str(label).lower(), value)
    return lookup


def parse_state(text: str) -> str:
    """A 状态 cell → TaskState value; raises ValueError naming the accepted labels."""
    with override("en"):
        english = [(str(v), str(label)) for v, label in TaskState.choices]
    lookup = _reverse(state_labels(), english)
    value = lookup.get(text) or lookup.get(text.lower())
    if value is None:
        raise ValueError(f"未知状态“{text}”，应为：{'、'.join(state_labels().values())}")
    return value


def parse_source(text: str) -> str:
    with override("en"):
        english = [(str(v), str(label)) for v, label in ProblemSource.choices]
    lookup = _reverse(source_labels(), english)
    lookup.update({"反馈意见": ProblemSource.FEEDBACK, "信访举报件": ProblemSource.COMPLAINT})
    value = lookup.get(text) or lookup.get(text.lower())
    if value is None:
        raise ValueError(f"未知来源“{text}”，应为：{'、'.join(source_labels().values())}")
    return str(value)


def parse_acceptance_level(text: str) -> str:
    labels = acceptance_labels()
    lookup = {label: value for value, label in labels.items()}
    lookup.update({label[0]: value for value, label in labels.items()})
    lookup.update({value: value for value in labels})
    lookup["地级"] = AcceptanceLevel.CITY.value  # the word the pages once showed
    value = lookup.get(text.removesuffix("验收")) or lookup.get(text.lower())
    if value is None:
        raise ValueError(f"未知验收层级“{text}”，应为：省级、市级、县级")
    return value


# --- dates ---------------------------------------------------------------------------------

EXCEL_SERIAL_RANGE = (10_000, 100_000)  # 1927 … 2173: a bare number in a date column
_YMD_CN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?")
_YMD_SEP = re.compile(r"(\d{4})(?P<sep>[./\-])(\d{1,2})(?P=sep)(\d{1,2})")
_YMD_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YM_CN = re.compile(r"(\d{4})年(\d{1,2})月(?:底|末|份)?")
_YM_SEP = re.compile(r"(\d{4})[./\-](\d{1,2})")
_YEAR_END = re.compile(r"(\d{4})年(?:年)?(?:底|末)")
_TRAILING = re.compile(r"(?:之前|以前|前|止)$")
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2})?$")


def format_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _build(year: int, month: int, day: int | None, text: str) -> date:
    if not 1 <= month <= 12:
        raise ValueError(f"“{text}”不是有效日期：月份应在1至12之间")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, last)
    if not 1 <= day <= last:
        raise ValueError(f"“{text}”不是有效日期：{year}年{month}月只有{last}天")
    return date(year, month, day)


def parse_date_text(raw: str) -> date:
    """2021年6月30日, 2021.6.30, 2021-06-30, 2021/6/30, 20210630; a month or year alone
    (2021年6月, 2021年6月底前, 2021年底) means its last day. Raises ValueError with the reason."""
    text = unicodedata.normalize("NFKC", raw).strip()
    compact = re.sub(r"\s+", "", _TIME.sub("", text))
    compact = _TRAILING.sub("", compact)
    for pattern in (_YMD_CN, _YMD_SEP, _YMD_COMPACT):
        match = pattern.fullmatch(compact)
        if match:
            numbers = [int(g) for g in match.groups() if g.isdigit()]
            return _build(numbers[0], numbers[1], numbers[2], raw.strip())
    for pattern in (_YM_CN, _YM_SEP):
        match = pattern.fullmatch(compact)
        if match:
            return _build(int(match.group(1)), int(match.group(2)), None, raw.strip())
    match = _YEAR_END.fullmatch(compact)
    if match:
        return date(int(match.group(1)), 12, 31)
    raise ValueError(f"无法识别的日期“{raw.strip()}”，应为 2021年6月30日、2021.6.30 或 2021-06-30")


def parse_date(value: object) -> date | None:
    """A date cell (a real date, an Excel serial number or text) → date; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        low, high = EXCEL_SERIAL_RANGE
        if low <= value < high and float(value).is_integer():
            return date(1899, 12, 30) + timedelta(days=int(value))
        raise ValueError(f"“{clean_text(value)}”不是日期")
    return parse_date_text(str(value))


@dataclass(frozen=True)
class Deadline:
    """整改时限: a kind and, unless ongoing, a date (None: immediate, due on assignment)."""

    kind: str
    on: date | None


def parse_deadline(value: object) -> Deadline | None:
    """'长期坚持' → ongoing; '立行立改' with or without a date → immediate; a date → deadline."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if ONGOING_TEXT in text:
            return Deadline(TaskKind.ONGOING, None)
        if text.startswith(IMMEDIATE_TEXT):
            rest = text.removeprefix(IMMEDIATE_TEXT).strip(" ,，、:：()（）")
            return Deadline(TaskKind.IMMEDIATE, parse_date_text(rest) if rest else None)
    on = parse_date(value)
    return None if on is None else Deadline(TaskKind.DEADLINE, on)


def deadline_cell(*, kind: str, deadline: date | None) -> date | str | None:
    """What the export writes in 整改时限: a real date, or text that the import reads back."""
    if kind == TaskKind.ONGOING:
        return ONGOING_TEXT
    if kind == TaskKind.IMMEDIATE and deadline is not None:
        return f"{IMMEDIATE_TEXT}（{format_date(deadline)}）"
    return deadline
