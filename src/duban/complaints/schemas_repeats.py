"""The complaint API's repeats shapes. No identity, no complaint content: a cluster says what
is complained of by firm, address or first number only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema


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
