"""One use case applied to several rows in one request: each row through the one service that
decides it, each in its own transaction, so one refusal leaves the others done.

Rows are first read through the caller's visible_to selector: an id the actor cannot see is
reported as missing and never handed to the service (which would refuse it anyway).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet

from duban.errors import ApplicationError

Row = TypeVar("Row", bound=Model)
MAX_SELECTED = 200  # more than a page of any list (core.web.paging.PAGE_SIZE) ever offers


@dataclass
class BulkOutcome(Generic[Row]):
    """What was done, what the service refused and why, and how many ids were not found."""

    done: list[Any] = field(default_factory=list)
    refused: list[tuple[Row, ApplicationError]] = field(default_factory=list)
    missing: int = 0


def apply_each(
    *, visible: QuerySet[Row], ids: Iterable[int], act: Callable[[Row], Any]
) -> BulkOutcome[Row]:
    """`act` on each visible row named by `ids` (in the order asked, each id once); the service
    it calls opens its own transaction. ApplicationError is a refusal, anything else is a bug
    and propagates (the rows done before it stay done, as they would one request at a time)."""
    wanted = list(dict.fromkeys(ids))
    rows = visible.in_bulk(wanted)
    outcome: BulkOutcome[Row] = BulkOutcome(missing=len(wanted) - len(rows))
    for pk in wanted:
        row = rows.get(pk)
        if row is None:
            continue
        try:
            outcome.done.append(act(row))
        except ApplicationError as error:
            outcome.refused.append((row, error))
    return outcome
