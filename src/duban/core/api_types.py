"""Input types every API operation shares: text as every text field takes it
(`duban.core.text`: control characters refused, no NUL, valid Unicode) with a maximum length,
ids bounded to a 64-bit key, bounded pagination, the declared error responses, and ids looked
up in the caller's scope."""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from ninja import Path, Query, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, Field, StrictInt

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


def responses(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """An operation's declared responses: its success shape and ErrorOut for each 4xx."""
    return {**ok, **{status: ErrorOut for status in errors}}


# What an operation that writes may answer besides success.
WRITE_ERRORS = (400, 401, 403, 404, 409, 422)
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
