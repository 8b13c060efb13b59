"""API shapes of the complaints' public tables (一览表): a team's batches. No identity here:
the tables hold none."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from ninja import Query, Schema

BatchQuery = Annotated[int | None, Query(None, ge=1, le=32767)]


class TableBatchOut(Schema):
    """A batch (第N批) of a team's public complaints the caller sees."""

    team_id: int
    team_name: str
    batch_number: int
    complaints: int
    handed_over_on: date | None
