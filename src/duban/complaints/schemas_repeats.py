"""The complaint API's repeats shapes. No identity, no complaint content: a cluster says what
is complained of by firm, address or first number only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from duban.core.api_types import Id, Line, LongText, ShortText
from duban.inspections.choices import Category

Code = Annotated[str, Field(min_length=1, max_length=32)]


class RepeatClusterOut(Schema):
    kind: str  # "linked", "firm" or "address"
    label: str
    count: int
    open_count: int
    region_code: str
    region_name: str
    first_on: date
    last_on: date
    first_id: int
    latitude: Decimal | None
    longitude: Decimal | None


class ComplaintLinksOut(Schema):
    """A complaint's links as the caller sees them: numbers and codes only."""

    id: int
    number: str
    state: str
    repeat_of: str | None
    repeats: list[str]
    problem: str | None
    tasks: list[str]
    relapse_signal: int | None = None  # the signal a link to a finished task raised


class LinkRepeatIn(Schema):
    of: Id
    reason: ShortText = ""


class ReasonIn(Schema):
    reason: ShortText


class JoinProblemIn(Schema):
    problem: Code


class CreateProblemIn(Schema):
    code: Code
    title: Line
    description: LongText = ""
    categories: list[Category] = []


class LinkTaskIn(Schema):
    task: Id
