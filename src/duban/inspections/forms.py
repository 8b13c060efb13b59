"""Parsing of the GET filter parameters the list pages take.

Bad values are dropped rather than refused: a filter link with a stale or mistyped value
should still show a page, just unfiltered on that field.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

TEXT_MAX = 100


def get_text(request: HttpRequest, name: str, *, max_length: int = TEXT_MAX) -> str:
    return request.GET.get(name, "").strip()[:max_length]


def get_choice(request: HttpRequest, name: str, values: Iterable[str]) -> str | None:
    value = request.GET.get(name, "")
    return value if value in set(values) else None


def get_int(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) <= 12 else None


def get_region(request: HttpRequest, name: str = "region") -> str | None:
    """A region code or code prefix (2 to 6 digits), as typed or chosen."""
    value = request.GET.get(name, "").strip()
    return value if value.isdigit() and 2 <= len(value) <= 6 else None
