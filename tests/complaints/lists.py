"""Daily lists (转办 lists) as inspection teams send them, written by openpyxl: a title row
above the header, the columns teams use, regions written several ways, dates as Excel dates
and as text. No tests of its own."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from openpyxl import Workbook

from duban.core import clock

HEADER = (
    "序号",
    "受理编号",
    "受理时间",
    "来电/来信",
    "行政区域",
    "被举报对象",
    "详细地址",
    "交办问题基本情况",
    "污染类型",
    "所属行业",
    "是否重点",
)
# Counties of 株洲 as lists write them (all inside 株洲's office region).
PLACES = (
    ("湖南省株洲市渌口区", "南洲镇"),
    ("株洲市荷塘区", "金山街道"),
    ("芦淞区", "建设中路"),
    ("株洲 石峰", "清水塘"),
    ("株洲市天元区", "栗雨街道"),
    ("攸县", "网岭镇"),
    ("醴陵市", "白兔潭镇"),
    ("茶陵县", "思聪街道"),
)
KINDS = (
    ("化工", "水,大气", "夜间偷排废水，异味严重"),
    ("建材", "大气", "粉尘污染，周边居民无法开窗"),
    ("餐饮", "噪声,大气", "油烟直排，深夜噪音扰民"),
    ("养殖", "水,土壤", "养殖废水直排河道"),
    ("机械加工", "噪声", "夜间施工噪音扰民"),
)


def number_of(day: date, serial: int, letter: str = "D") -> str:
    return f"{letter}3HN{day:%Y%m%d}{serial:04d}"


def row_values(index: int, day: date | None = None) -> dict[str, Any]:
    """The row at `index` of a realistic list: a firm of its own and a place in 株洲."""
    day = day or clock.today() - timedelta(days=1)
    region, town = PLACES[index % len(PLACES)]
    industry, pollution, what = KINDS[index % len(KINDS)]
    firm = f"株洲市第{index + 1}号{industry}有限公司"
    return {
        "序号": index + 1,
        "受理编号": number_of(day, index + 101),  # the scene has 0001
        "受理时间": day if index % 2 == 0 else f"{day.year}年{day.month}月{day.day}日",
        "来电/来信": ("电话", "来信", "网络", "来访")[index % 4],
        "行政区域": region,
        "被举报对象": firm,
        "详细地址": f"{region.replace(' ', '')}{town}第{index + 1}号",
        "交办问题基本情况": f"群众反映，{firm}{what}。",
        "污染类型": pollution,
        "所属行业": industry,
        "是否重点": "是" if index % 10 == 0 else "否",
    }


def daily_rows(count: int, day: date | None = None) -> list[dict[str, Any]]:
    return [row_values(index, day) for index in range(count)]


def daily_list(
    rows: Sequence[dict[str, Any]],
    *,
    header: Sequence[str] = HEADER,
    title: str | None = "中央第三生态环境保护督察组转办群众信访举报件清单（第3批）",
    extra_columns: Sequence[str] = (),
) -> bytes:
    """An .xlsx with the title row (if any), the header and the rows (keyed by header)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "转办清单"
    columns = [*header, *extra_columns]
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet.append(columns)
    for values in rows:
        sheet.append([values.get(name) for name in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def first_data_row(*, title: bool = True) -> int:
    """The sheet row number of the list's first complaint."""
    return 3 if title else 2
