"""The list pages' one way to sort and to export: a declared `Listing` of columns.

A column names its sort key (?sort=deadline, ?sort=-deadline) and the fields it orders by;
only declared keys sort, an unknown key is ignored (the page shows its default order, as the
filter parameters drop bad values). Every order ends with the primary key, so pages never
repeat or skip a row. ?format=xlsx answers the same rows — the same selector, the same
filters, the same order — as an Excel file of the declared columns, every row not one page.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Page
from django.db import models
from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.expressions import Expression, OrderBy
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from duban.core import clock
from duban.core.documents import document_text
from duban.core.web.downloads import download
from duban.core.web.paging import page_of

EXPORT_LIMIT = 50_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2_000


@dataclass(frozen=True)
class Column:
    """One column of a list: its header, its cell in the export, and how it sorts (if it does)."""

    key: str
    label: str | Promise
    value: Callable[[Any], Any]
    order: tuple[str | Expression, ...] = ()  # what it orders by; empty: it does not sort
    width: int = 16  # characters, in the export

    @property
    def sortable(self) -> bool:
        return bool(self.order)


@dataclass(frozen=True)
class Sort:
    """The order a request asked for: a declared column and its direction, or none."""

    column: Column | None = None
    descending: bool = False

    @property
    def param(self) -> str:
        if self.column is None:
            return ""
        return f"-{self.column.key}" if self.descending else self.column.key


@dataclass(frozen=True)
class Listing:
    """A list page's columns and its name (the export's sheet and file name)."""

    name: str | Promise
    columns: tuple[Column, ...]

    @property
    def labels(self) -> dict[str, str | Promise]:
        """Header by key: each cell's data-label, which a phone shows before the value."""
        return {column.key: column.label for column in self.columns}

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)

    def sort_of(self, request: HttpRequest) -> Sort:
        """?sort=<key> or ?sort=-<key> for a sortable column; anything else: no sort."""
        asked = request.GET.get("sort", "")
        column = self.column(asked.removeprefix("-"))
        if column is None or not column.sortable:
            return Sort()
        return Sort(column, descending=asked.startswith("-"))


def ordered(rows: QuerySet[Any], sort: Sort) -> QuerySet[Any]:
    """The rows in the asked order, empty values last either way, the primary key breaking ties."""
    if sort.column is None:
        return rows if rows.ordered else rows.order_by("pk")
    terms: list[OrderBy] = []
    for term in sort.column.order:
        expression = F(term) if isinstance(term, str) else term
        terms.append(
            expression.desc(nulls_last=True) if sort.descending else expression.asc(nulls_last=True)
        )
    return rows.order_by(*terms, "-pk" if sort.descending else "pk")


def in_choice_order(field: str, choices: type[models.Choices]) -> Expression:
    """A choice field ordered as its choices are declared (a lifecycle, green → red), not
    alphabetically by stored value."""
    whens = [
        When(**{field: value}, then=Value(index)) for index, value in enumerate(choices.values)
    ]
    return Case(*whens, default=Value(len(whens)), output_field=models.IntegerField())


def list_response(
    request: HttpRequest,
    listing: Listing,
    rows: QuerySet[Any],
    template: str,
    context: Mapping[str, Any],
    *,
    per_page: Callable[[Page], Mapping[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page of the sorted rows, or (?format=xlsx) all of them as an Excel file.
    `per_page` adds what the page shows of its own rows (the actions each row offers)."""
    sort = listing.sort_of(request)
    rows = ordered(rows, sort)
    if request.GET.get("format") == "xlsx":
        return _export(request, listing, rows)
    page = page_of(request, rows)
    page_context = {**context, "page": page, "listing": listing, "sort": sort}
    if per_page is not None:
        page_context.update(per_page(page))
    return render(request, template, page_context, status=status)


def _export(request: HttpRequest, listing: Listing, rows: QuerySet[Any]) -> HttpResponse:
    """The file, or back to the page with a message when there are too many rows for one."""
    total = rows.count()
    if total > EXPORT_LIMIT:
        messages.error(
            request,
            gettext(
                "%(total)s rows match; an export holds at most %(limit)s. "
                "Narrow the filters and export again."
            )
            % {"total": total, "limit": EXPORT_LIMIT},
        )
        query = request.GET.copy()
        query.pop("format", None)
        return redirect(f"{request.path}?{query.urlencode()}")
    name = document_text(str(listing.name))
    content = export_xlsx(listing, rows)
    filename = f"{name}（{clock.today():%Y-%m-%d}）.xlsx"
    return download(content, filename=filename, content_type=XLSX)


def export_xlsx(listing: Listing, rows: QuerySet[Any]) -> bytes:
    """A real .xlsx of the declared columns, written row by row (openpyxl's write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(str(listing.name)))
    for index, column in enumerate(listing.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in listing.columns:
        cell = WriteOnlyCell(sheet, value=document_text(str(column.label)))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows.iterator(chunk_size=CHUNK):
        sheet.append([_cell(sheet, column.value(row)) for column in listing.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(name: str) -> str:
    """A sheet title Excel accepts: at most 31 characters, none of []:*?/\\."""
    return document_text(name).translate(str.maketrans("[]:*?/\\", "（）：＊？／＼"))[:31]


def _cell(sheet: Any, value: Any) -> Any:
    """A value as a cell: numbers and dates as such, everything else as text — never a
    formula, whatever it begins with (= + - @ are data here)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, int | float | Decimal):
        return value
    cell = WriteOnlyCell(sheet, value=document_text(str(value)))
    cell.data_type = "s"
    return cell
