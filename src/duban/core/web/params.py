"""Reading what a request carries: which methods a form page answers, what was posted (and
the files, handed to services as Uploads), and the GET filter parameters the list pages take.

Bad filter values are dropped rather than refused: a filter link with a stale or mistyped
value should still show a page, just unfiltered on that field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from duban.core.attachments import MAX_ATTACHMENT_BYTES, Upload

GET_POST = ["GET", "POST"]
TEXT_MAX = 100


def posted(request: HttpRequest) -> Any:
    """The POST data of a POST (even an empty one), None for a GET: bound means submitted."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> Any:
    """The uploaded files of a POST, None for a GET."""
    return request.FILES if request.method == "POST" else None


def uploads_of(files: Iterable[UploadedFile]) -> list[Upload]:
    """A form's files as Uploads: the service they are handed to stores them, or refuses.
    Never more is read than the size rule (core.attachments) needs to refuse a file."""
    return [
        Upload(
            name=file.name or "file",
            content=file.read(MAX_ATTACHMENT_BYTES + 1),
            declared_type=file.content_type,
        )
        for file in files
    ]


def get_text(request: HttpRequest, name: str, *, max_length: int = TEXT_MAX) -> str:
    return request.GET.get(name, "").strip()[:max_length]


def get_choice(request: HttpRequest, name: str, values: Iterable[str]) -> str | None:
    value = request.GET.get(name, "")
    return value if value in set(values) else None


def get_int(request: HttpRequest, name: str) -> int | None:
    return int_param(request.GET, name)


def int_param(params: Mapping[str, Any], name: str) -> int | None:
    """A positive whole number from GET or POST data; anything else (or too long) is None."""
    value = str(params.get(name, ""))
    return int(value) if value.isdigit() and len(value) <= 12 else None


def int_list(params: Any, name: str, *, most: int = 50) -> list[int]:
    """The positive whole numbers given for `name` (repeated), at most `most`; others dropped."""
    values = params.getlist(name) if hasattr(params, "getlist") else []
    return [int(value) for value in values[:most] if value.isdigit() and len(value) <= 12]


def get_region(request: HttpRequest, name: str = "region") -> str | None:
    """A region code or code prefix (2 to 6 digits), as typed or chosen."""
    value = request.GET.get(name, "").strip()
    return value if value.isdigit() and 2 <= len(value) <= 6 else None
