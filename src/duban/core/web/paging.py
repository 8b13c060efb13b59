"""Pages of rows for the list pages: one page size for every list, one template include
(core/_pagination.html) that keeps the list's filters from page to page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def page_of(request: HttpRequest, rows: Any) -> Page:
    """The page ?page= asks for; a missing, mistyped or too large number gives a real page."""
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
