"""Input types every API operation shares: text as every text field takes it
(`duban.core.text`: control characters refused, no NUL, valid Unicode) with a maximum length,
ids bounded to a 64-bit key, days in the system's range, bounded pagination, the router that
declares every error an operation can answer, and ids looked up in the caller's scope."""

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from ninja import Path, Query, Router, Schema
from ninja.constants import NOT_SET
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, BeforeValidator, Field, StrictInt
from pydantic_core import PydanticCustomError

from duban.core.schemas import ErrorOut
from duban.core.text import input_text
from duban.errors import NotFound

MAX_ID = 2**63 - 1  # BigAutoField
MAX_PAGE_SIZE = 500
MAX_OFFSET = 10**9
MAX_LIST_ITEMS = 50


def storable_text(value: Any) -> Any:
    """Text as every text field takes it (`duban.core.text.input_text`): vertical tab and form
    feed as newlines; control characters, NUL (PostgreSQL rejects it) and lone surrogates
    refused, which the API answers 422 naming the field."""
    if not isinstance(value, str):
        return value
    return input_text(value)


Storable = AfterValidator(storable_text)
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
Ids = Annotated[list[Id], Field(max_length=MAX_LIST_ITEMS)]
Line = Annotated[str, Storable, Field(max_length=200)]
ShortText = Annotated[str, Storable, Field(max_length=2000)]
LongText = Annotated[str, Storable, Field(max_length=20000)]

# Query parameters shared by the list and statistics endpoints. The default sits inside
# Query(): with a validator in the alias, ninja's signature default would be dropped.
SearchText = Annotated[str, Storable, Query("", max_length=100)]
PlanCode = Annotated[str | None, Storable, Query(None, max_length=32)]
RegionCode = Annotated[
    str | None, Query(None, pattern=r"^[0-9]{2,6}$", description="region code, e.g. 430200")
]
QueryId = Annotated[int | None, Query(None, ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


# Days and moments the API takes: ISO text only (pydantic would read `0` or `"0"` as a Unix
# timestamp, 1970-01-01), inside the system's range. Nothing duban tracks predates 2000 (the
# central inspections began in 2015-2016); 2099 bounds typing slips such as 20210-01-01.
MIN_DAY = date(2000, 1, 1)
MAX_DAY = date(2099, 12, 31)
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ISO_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}.*")


def _iso_text(pattern: re.Pattern[str], example: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is None or isinstance(value, (date, datetime)):
            return value
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise PydanticCustomError(
                "date_format", "use the ISO format {example}", {"example": example}
            )
        return value

    return check


def _in_range(value: date | datetime | None) -> date | datetime | None:
    day = value.date() if isinstance(value, datetime) else value
    if day is not None and not MIN_DAY <= day <= MAX_DAY:
        raise PydanticCustomError(
            "date_range",
            "must lie between {low} and {high}",
            {"low": str(MIN_DAY), "high": str(MAX_DAY)},
        )
    return value


IsoDay = BeforeValidator(_iso_text(ISO_DAY, "YYYY-MM-DD"))
IsoMoment = BeforeValidator(_iso_text(ISO_MOMENT, "YYYY-MM-DDTHH:MM:SS+08:00"))
InRange = AfterValidator(_in_range)
DAY_RANGE = f"YYYY-MM-DD, {MIN_DAY} to {MAX_DAY}"
Day = Annotated[date, IsoDay, InRange, Field(description=DAY_RANGE)]
OptionalDay = Annotated[date | None, IsoDay, InRange, Field(description=DAY_RANGE)]
OptionalMoment = Annotated[datetime | None, IsoMoment, InRange]
QueryDay = Annotated[date | None, IsoDay, InRange, Query(None, description=DAY_RANGE)]


# The errors any operation may answer, as ErrorOut (docs/api.md, "Errors"): a refused input or
# rule (400), a role that may not (403), an unknown or out-of-scope object (404), a malformed
# input (422), an unexpected failure (500); 401 unless the operation is public; an operation
# that writes also 409 (the object moved on) and 413 (a body over DATA_UPLOAD_MAX_MEMORY_SIZE).
# 401 and 429 (too many unknown bearer tokens from one address) answer only where auth applies;
# 503 when the database is away or a statement ran out of time (duban.faults).
READ_ERRORS = (400, 401, 403, 404, 422, 429, 500, 503)
WRITE_ERRORS = (*READ_ERRORS, 409, 413)
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def error_statuses(methods: list[str], *, public: bool) -> set[int]:
    """The error statuses an operation with these methods answers (ErrorOut for each)."""
    statuses = set(WRITE_ERRORS if WRITE_METHODS & set(methods) else READ_ERRORS)
    return statuses - {401, 429} if public else statuses


def responses(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """Success shapes plus ErrorOut for statuses beyond the common ones (e.g. 503)."""
    return {**ok, **{status: ErrorOut for status in errors}}


def file_download(*content_types: str) -> dict[str, Any]:
    """`openapi_extra` of an operation answering a file: its 200 content types, as binary."""
    content = {kind: {"schema": {"type": "string", "format": "binary"}} for kind in content_types}
    return {"responses": {200: {"description": "OK", "content": content}}}


class ApiRouter(Router):
    """The router every app mounts: each operation declares its success shape, and this adds
    ErrorOut for every error status it can answer, so no operation can leave one out."""

    def add_api_operation(  # type: ignore[override]
        self, path: str, methods: list[str], view_func: Callable[..., Any], **options: Any
    ) -> None:
        response = options.get("response", NOT_SET)
        if response is NOT_SET:
            raise TypeError(f"{view_func.__name__}: declare its response")
        declared = dict(response) if isinstance(response, dict) else {200: response}
        public = options.get("auth", NOT_SET) is None
        errors = dict.fromkeys(error_statuses(methods, public=public), ErrorOut)
        options["response"] = {**declared, **errors}
        super().add_api_operation(path, methods, view_func, **options)


T = TypeVar("T")


def in_field(field: str, lookup: Callable[[], T]) -> T:
    """Run a scoped lookup of an id the client sent; a miss names the input field."""
    try:
        return lookup()
    except NotFound as error:
        raise NotFound(
            error.message, code=error.code, fields={field: "unknown or outside your scope"}
        ) from None


class Pagination(LimitOffsetPagination):
    """LimitOffsetPagination whose limit and offset are bounded (a huge offset is a 422)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE_SIZE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
