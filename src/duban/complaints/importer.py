"""Reading the daily list an inspection team hands the province (转办 list) into complaint
rows, each with every reason it cannot be registered. No writes: services/importing.py
writes.

Teams send the list as they keep it: a title row or not, the header row somewhere in the
first rows (found by its words), columns under one of several names (`COLUMNS`), regions
written in full, without the province or shortened ("株洲 渌口"), dates as Excel dates or
text. The complainant's name and phone, when a list carries them, go straight into an
`Identity` (sealed by intake) and are never part of a reason.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from duban.complaints import errors
from duban.complaints.choices import Channel, Priority
from duban.complaints.identity import Identity
from duban.complaints.models import Complaint
from duban.core import clock
from duban.core.models import Organization, Region
from duban.errors import Reason

HEADER_SEARCH_ROWS = 10
MAX_ROWS = 5000
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024

# Standard column → the words teams head it with (compared without spaces, NFKC).
NUMBER = "受理编号"
RECEIVED_ON = "受理时间"
CHANNEL = "举报方式"
REGION = "行政区域"
ACCUSED = "被举报对象"
ADDRESS = "地址"
CONTENT = "交办问题基本情况"
POLLUTION = "污染类型"
INDUSTRY = "行业"
PRIORITY = "重点"
COMPLAINANT = "举报人"
PHONE = "联系电话"
COLUMNS: dict[str, tuple[str, ...]] = {
    NUMBER: ("受理编号", "编号", "信访编号", "举报编号"),
    RECEIVED_ON: ("受理时间", "交办时间", "日期", "受理日期", "交办日期", "举报时间"),
    CHANNEL: ("举报方式", "来电/来信", "来电来信", "渠道", "来源", "受理方式", "举报渠道"),
    REGION: ("行政区域", "所属区域", "区县", "所属区县", "区域", "所在地区"),
    ACCUSED: ("被举报对象", "举报对象", "被反映对象", "被投诉对象", "被举报单位"),
    ADDRESS: ("地址", "详细地址", "问题地址", "被举报地址"),
    CONTENT: (
        "交办问题基本情况",
        "交办问题的基本情况",
        "转办问题基本情况",
        "举报内容",
        "反映内容",
        "信访内容",
    ),
    POLLUTION: ("污染类型", "问题类型"),
    INDUSTRY: ("行业", "所属行业", "行业类型"),
    PRIORITY: ("重点", "紧急", "优先级", "是否重点", "是否紧急", "紧急程度"),
    COMPLAINANT: ("举报人", "信访人", "举报人姓名", "来信人", "来电人"),
    PHONE: ("联系电话", "联系方式", "举报人电话", "电话号码"),
}
REQUIRED_COLUMNS = (NUMBER, REGION, ACCUSED, CONTENT)
IDENTITY_COLUMNS = (COMPLAINANT, PHONE)
MAX_LENGTHS = {
    NUMBER: 32,
    ACCUSED: 200,
    ADDRESS: 300,
    POLLUTION: 200,
    INDUSTRY: 100,
    CONTENT: 10000,
    COMPLAINANT: 100,
    PHONE: 50,
}
CHANNELS = (
    (("电话", "来电", "热线", "12369", "12345"), Channel.PHONE),
    (("来信", "信件", "信函", "写信"), Channel.LETTER),
    (("网络", "网上", "微信", "网站", "邮件", "邮箱", "互联网", "app"), Channel.WEB),
    (("来访", "走访", "上访", "当面"), Channel.VISIT),
    (("传真",), Channel.FAX),
)
URGENT = {"是", "重点", "紧急", "加急", "急", "特急", "高", "urgent", "yes", "√", "✓"}
NORMAL = {"", "否", "一般", "普通", "正常", "低", "中", "normal", "no", "无"}
# D (phone) or X (letter), the round's digit, the province's letters, yyyymmdd, a serial.
NUMBER_PATTERN = re.compile(r"^([DX])(\d)([A-Z]{2,3})(\d{8})(\d{2,6})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACE = re.compile(r"\s+")
# How Excel writes a character XML cannot hold (a control character): _x0007_.
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_TEXT_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_REGION_SUFFIXES = ("特别行政区", "自治州", "自治县", "自治旗", "地区", "林区", "新区")
_REGION_SUFFIX_CHARS = "省市区县盟旗"


class ListFileError(ValueError):
    """The file as a whole cannot be read as a daily list."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RowReason:
    """Why one row (as the spreadsheet numbers it; 0: the file) cannot be imported, and the
    column it is about (its standard name; empty: the row)."""

    row: int
    column: str
    reason: Reason


@dataclass
class ListRow:
    """One row, read and checked: the values intake needs, or its reasons."""

    row: int
    number: str = ""
    received_on: date | None = None
    channel: str = ""
    region: Region | None = None
    accused_name: str = ""
    address: str = ""
    content: str = ""
    pollution_types: str = ""
    industry: str = ""
    priority: str = Priority.NORMAL
    identity: Identity = field(default_factory=Identity)
    reasons: list[RowReason] = field(default_factory=list)

    def refuse(self, column: str, reason: Reason) -> None:
        self.reasons.append(RowReason(self.row, column, reason))


@dataclass
class DailyList:
    sheet: str
    header_row: int
    columns: dict[str, int]  # standard name → 1-based column
    rows: list[ListRow]


def clean_text(value: Any) -> str:
    """A cell as text: NFKC (full-width digits and letters become plain), trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _EXCEL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), str(value))
    return unicodedata.normalize("NFKC", text).strip()


def _header_name(value: Any) -> str | None:
    words = _SPACE.sub("", clean_text(value)).strip("*＊:：")
    for name, synonyms in COLUMNS.items():
        if words in synonyms:
            return name
    return None


def _open(content: bytes) -> Any:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise ListFileError(errors.IMPORT_NOT_XLSX())
    except zipfile.BadZipFile as error:
        raise ListFileError(errors.IMPORT_NOT_XLSX()) from error
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged package
        raise ListFileError(errors.IMPORT_NOT_XLSX()) from error


def _find_header(rows: list[tuple[Any, ...]]) -> tuple[int, dict[str, int]] | None:
    """(1-based header row, columns) for the first row naming the required columns."""
    for number, values in enumerate(rows, start=1):
        columns: dict[str, int] = {}
        for index, value in enumerate(values, start=1):
            name = _header_name(value)
            if name is not None and name not in columns:
                columns[name] = index
        if sum(1 for name in (NUMBER, CONTENT, REGION) if name in columns) >= 2:
            return number, columns
    return None


def read_list(content: bytes, *, office: Organization) -> DailyList:
    """The first sheet with a daily list's header, every row checked; raises ListFileError."""
    workbook = _open(content)
    try:
        for sheet in workbook.worksheets:
            lines = sheet.iter_rows(values_only=True)
            head = [line for _, line in zip(range(HEADER_SEARCH_ROWS), lines, strict=False)]
            found = _find_header(head)
            if found is None:
                continue
            header_row, columns = found
            missing = [name for name in REQUIRED_COLUMNS if name not in columns]
            if missing:
                raise ListFileError(errors.IMPORT_MISSING_COLUMN(column="、".join(missing)))
            body = [*head[header_row:], *lines]
            rows = list(_rows(body, header_row, columns, RegionMatcher(office)))
            if not rows:
                raise ListFileError(errors.IMPORT_EMPTY())
            return DailyList(sheet.title, header_row, columns, rows)
    finally:
        workbook.close()
    raise ListFileError(errors.IMPORT_NO_HEADER(columns=f"{NUMBER}、{CONTENT}、{REGION}"))


def _rows(
    body: Iterable[tuple[Any, ...]],
    header_row: int,
    columns: dict[str, int],
    regions: RegionMatcher,
) -> Iterator[ListRow]:
    count = 0
    for number, line in enumerate(body, start=header_row + 1):
        cells = {
            name: line[index - 1] if index <= len(line) else None for name, index in columns.items()
        }
        if not any(clean_text(value) for value in cells.values()):
            continue  # blank lines, and a 合计 row has a number somewhere: it is checked
        count += 1
        if count > MAX_ROWS:
            raise ListFileError(errors.IMPORT_TOO_MANY_ROWS(most=MAX_ROWS))
        yield check_row(number, cells, regions)


def check_row(number: int, cells: dict[str, Any], regions: RegionMatcher) -> ListRow:
    """One row's values, each checked; every reason found, not the first."""
    row = ListRow(row=number)
    texts: dict[str, str] = {}
    for name in COLUMNS:
        text = clean_text(cells.get(name))
        if _CONTROL.search(text):
            row.refuse(name, errors.IMPORT_CONTROL_CHARACTERS())
            text = ""
        elif name in MAX_LENGTHS and len(text) > MAX_LENGTHS[name]:
            row.refuse(name, errors.IMPORT_TOO_LONG(most=MAX_LENGTHS[name]))
            text = ""
        texts[name] = text
    row.number = texts[NUMBER].replace(" ", "").upper()
    row.accused_name = texts[ACCUSED]
    row.address = texts[ADDRESS]
    row.content = texts[CONTENT]
    row.pollution_types = texts[POLLUTION]
    row.industry = texts[INDUSTRY]
    row.identity = Identity(name=texts[COMPLAINANT], phone=texts[PHONE])
    for name, value in ((NUMBER, row.number), (ACCUSED, row.accused_name), (CONTENT, row.content)):
        if not value and not any(r.column == name for r in row.reasons):
            row.refuse(name, errors.IMPORT_REQUIRED())
    _check_date(row, cells.get(RECEIVED_ON))
    _check_channel(row, texts[CHANNEL])
    _check_priority(row, texts[PRIORITY])
    if texts[REGION]:
        region, reason = regions.match(texts[REGION])
        row.region = region
        if reason is not None:
            row.refuse(REGION, reason)
    elif not any(r.column == REGION for r in row.reasons):
        row.refuse(REGION, errors.IMPORT_REQUIRED())
    return row


def number_date(number: str) -> date | None:
    """The day a team's 受理编号 carries (D3SX202505280018 → 2025-05-28), if it has one."""
    match = NUMBER_PATTERN.match(number)
    if match is None:
        return None
    digits = match.group(4)
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def parse_date(value: Any) -> date | None:
    """An Excel date, an Excel day number, or 2026-05-28 / 2026年5月28日 / 2026/5/28."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 < value < 80000:  # 1954–2119 as Excel counts days
            converted = from_excel(value)
            return converted.date() if isinstance(converted, datetime) else None
        return None
    match = _TEXT_DATE.match(clean_text(value))
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _check_date(row: ListRow, value: Any) -> None:
    """The 受理时间 column, else the day in the number; the two must agree."""
    in_number = number_date(row.number)
    if value is None or not clean_text(value):
        row.received_on = in_number
        if in_number is None:
            row.refuse(RECEIVED_ON, errors.IMPORT_REQUIRED())
        return
    row.received_on = parse_date(value)
    if row.received_on is None:
        row.refuse(RECEIVED_ON, errors.IMPORT_BAD_DATE())
    elif row.received_on > clock.today():
        row.refuse(RECEIVED_ON, errors.RECEIVED_IN_FUTURE())
    elif in_number is not None and in_number != row.received_on:
        row.refuse(NUMBER, errors.IMPORT_NUMBER_DATE_MISMATCH(day=in_number.isoformat()))


def _check_channel(row: ListRow, text: str) -> None:
    """The channel column; without one, the number's letter (D phone, X letter)."""
    if not text:
        match = NUMBER_PATTERN.match(row.number)
        if match is None:
            row.refuse(CHANNEL, errors.IMPORT_REQUIRED())
        else:
            row.channel = Channel.PHONE if match.group(1) == "D" else Channel.LETTER
        return
    lowered = text.lower()
    for words, channel in CHANNELS:
        if any(word in lowered for word in words):
            row.channel = channel
            return
    row.refuse(CHANNEL, errors.IMPORT_UNKNOWN_CHANNEL())


def _check_priority(row: ListRow, text: str) -> None:
    lowered = text.lower()
    if lowered in URGENT:
        row.priority = Priority.URGENT
    elif lowered not in NORMAL:
        row.refuse(PRIORITY, errors.IMPORT_UNKNOWN_PRIORITY())


def short_name(name: str) -> str:
    """株洲市 → 株洲, 渌口区 → 渌口; a one-character remainder (攸县) keeps its suffix."""
    for suffix in _REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    if name[-1:] in _REGION_SUFFIX_CHARS and len(name) >= 3:
        return name[:-1]
    return name


def _reads_as(text: str, ancestors: list[Region], last: Region) -> bool:
    """Whether text is some of the ancestors' names (full or short, in order), then last's."""
    if not ancestors:
        return text in (last.name, short_name(last.name))
    first, *rest = ancestors
    for name in {first.name, short_name(first.name)}:
        if text.startswith(name) and _reads_as(text[len(name) :], rest, last):
            return True
    return _reads_as(text, rest, last)


class RegionMatcher:
    """Region names as lists write them, to the one region of core's table they name.

    A name fits a region when it reads as the region's name (full or short) preceded by any
    of its ancestors' names, in order: "湖南省株洲市渌口区", "株洲市渌口区", "渌口区" and
    "株洲 渌口" all fit 430212. Regions inside the office's region are preferred; a name that
    fits only regions outside it is refused as outside."""

    def __init__(self, office: Organization) -> None:
        self.office = office
        self.prefix = office.region.prefix if office.region is not None else ""
        self._regions = {region.code: region for region in Region.objects.all()}
        self._cache: dict[str, tuple[Region | None, Reason | None]] = {}

    def _chain(self, region: Region) -> list[Region]:
        chain = [region]
        while chain[0].parent_id and chain[0].parent_id in self._regions:
            chain.insert(0, self._regions[chain[0].parent_id])
        return chain

    def _fits(self, text: str, region: Region) -> bool:
        *ancestors, last = self._chain(region)
        return _reads_as(text, ancestors, last)

    def match(self, text: str) -> tuple[Region | None, Reason | None]:
        if text not in self._cache:
            self._cache[text] = self._match(_SPACE.sub("", text))
        return self._cache[text]

    def _match(self, text: str) -> tuple[Region | None, Reason | None]:
        if text.isdigit() and text in self._regions:
            fits = [self._regions[text]]
        else:
            fits = [region for region in self._regions.values() if self._fits(text, region)]
        inside = [region for region in fits if region.code.startswith(self.prefix)]
        if len(inside) == 1:
            return inside[0], None
        if len(inside) > 1:
            names = "、".join("".join(r.name for r in self._chain(region)) for region in inside)
            return None, errors.IMPORT_AMBIGUOUS_REGION(regions=names)
        if fits:
            return None, errors.OUTSIDE_OFFICE_REGION(region=fits[0].name, office=self.office.name)
        return None, errors.IMPORT_UNKNOWN_REGION()


def differences(existing: Complaint, row: ListRow, given: dict[str, Any]) -> list[str]:
    """The columns in which a registered complaint differs from the row (and from the team,
    batch and hand-over date the import gives, where it gives them); the identity is never
    compared (reading it is a recorded act, not an import's business)."""
    mine = {
        (RECEIVED_ON, "received_on"): row.received_on,
        (CHANNEL, "channel"): row.channel,
        (REGION, "region_id"): row.region.code if row.region else None,
        (ACCUSED, "accused_name"): row.accused_name,
        (ADDRESS, "address"): row.address,
        (CONTENT, "content"): row.content,
        (POLLUTION, "pollution_types"): row.pollution_types,
        (INDUSTRY, "industry"): row.industry,
        (PRIORITY, "priority"): row.priority,
    }
    labels = {"team_id": "督察组", "batch_number": "批次", "handed_over_on": "交办日期"}
    mine.update({(labels[name], name): value for name, value in given.items() if value is not None})
    return [label for (label, name), value in mine.items() if getattr(existing, name) != value]
