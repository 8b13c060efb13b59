"""What changed since a detector last ran: feeds of new rows, read a window at a time.

A feed is a table that only grows (a through table, claims, the ledger) read in the order of
a position that only grows (its id, or an event's seq). A detector names its feeds, the
columns of a new row that matter to it, and how those become the keys it evaluates (a unit,
a (task, metric) series, a file's sha256…); re-evaluating a key reads everything stored for
it, so a key evaluated after a change gives the finding a run over all the data would give.
A window's distinct column values are read, not its rows: memory grows with the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from duban.core.models import Event
from duban.rectification.models import Claim, CloseOut, ProgressReport, Task
from duban.verification.models import SiteCheck, Verification

Key = Any  # an id, a sha256 or a (task, metric) series: sortable and stored as JSON
Rows = Callable[[], "QuerySet[Any]"]

WINDOW = 250_000  # feed rows taken at once (their distinct values are what is read)
KEY_CHUNK = 500  # keys evaluated, raised and committed together
IN_CHUNK = 2_000  # ids per `IN (…)` query: SQLite refuses very long lists
# Ids come from sequences, which do not commit in order: a row given id 100 may commit after
# id 101 was seen. Each run also reads this many rows before its watermark again, so a row
# that committed late is still examined (the ledger's seq does commit in order).
OVERLAP = 1_000


@dataclass(frozen=True)
class Feed:
    name: str
    rows: Rows  # the table's rows (a queryset)
    position: str  # "pk", "id" or "seq": grows with every new row
    fields: tuple[str, ...]  # the columns whose distinct values say what changed
    keys: Callable[[Sequence[tuple[Any, ...]]], Iterable[Key]]  # those values → keys


def window_end(feed: Feed, done: int) -> int | None:
    """The position WINDOW rows after `done` (or the last one); None when nothing is new."""
    later = feed.rows().filter(**{f"{feed.position}__gt": done})
    positions = later.order_by(feed.position).values_list(feed.position, flat=True)
    end = next(iter(positions[WINDOW - 1 : WINDOW]), None)
    if end is None:
        end = positions.order_by(f"-{feed.position}").first()
    return None if end is None else int(end)


def overlap_start(feed: Feed, done: int) -> int:
    """The position OVERLAP rows before `done` (0 if there are fewer)."""
    earlier = feed.rows().filter(**{f"{feed.position}__lte": done})
    positions = earlier.order_by(f"-{feed.position}").values_list(feed.position, flat=True)
    start = next(iter(positions[OVERLAP : OVERLAP + 1]), None)
    return 0 if start is None else int(start)


def window_keys(feed: Feed, start: int, end: int) -> list[Key]:
    """The keys of the rows in (start, end], sorted, so a resumed run finds the same order."""
    rows = feed.rows().filter(**{f"{feed.position}__gt": start, f"{feed.position}__lte": end})
    values = rows.order_by().values_list(*feed.fields).distinct()
    return sorted(set(feed.keys(list(values))))


def chunks(keys: list[Key], after: Any) -> Iterator[list[Key]]:
    """The keys past `after` (a key as JSON stored it: tuples come back as lists)."""
    if after is not None:
        resume = tuple(after) if isinstance(after, list) else after
        keys = [key for key in keys if key > resume]
    for start in range(0, len(keys), KEY_CHUNK):
        yield keys[start : start + KEY_CHUNK]


def in_chunks(ids: Iterable[Any]) -> Iterator[list[Any]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), IN_CHUNK):
        yield ordered[start : start + IN_CHUNK]


# The tables and the keys of their values.


def task_events(verbs: Iterable[str] | None = None) -> Rows:
    """Events on tasks (all, or of these verbs): what changes a task's dates or its unit."""

    def rows() -> QuerySet[Any]:
        events = Event.objects.filter(subject_type=Task._meta.label_lower)
        return events if verbs is None else events.filter(verb__in=list(verbs))

    return rows


def report_files() -> QuerySet[Any]:
    return ProgressReport.attachments.through.objects.all()


def closeout_files() -> QuerySet[Any]:
    return CloseOut.evidence.through.objects.all()


def verifications() -> QuerySet[Any]:
    return Verification.objects.all()


def claims() -> QuerySet[Any]:
    return Claim.objects.all()


def flat_claims() -> QuerySet[Any]:
    return Claim.objects.filter(is_cumulative=False)


def reports() -> QuerySet[Any]:
    return ProgressReport.objects.all()


def located_check_tasks() -> QuerySet[Any]:
    return SiteCheck.tasks.through.objects.filter(sitecheck__latitude__isnull=False)


def failed_checks() -> QuerySet[Any]:
    return SiteCheck.objects.filter(passed=False)


def as_keys(values: Sequence[tuple[Any, ...]]) -> set[Key]:
    """One column: its values; several: tuples of them."""
    return {value[0] if len(value) == 1 else tuple(value) for value in values}


def photo_keys(values: Sequence[tuple[Any, ...]]) -> set[Key]:
    """(sha256, phash) → the sha256 of files that have a perceptual hash."""
    return {sha256 for sha256, phash in values if phash}


def _task_ids(values: Sequence[tuple[Any, ...]]) -> set[int]:
    """Task ids from events' subject ids (stored as text)."""
    return {int(subject_id) for (subject_id,) in values if str(subject_id).isdigit()}


def reports_of_tasks(values: Sequence[tuple[Any, ...]]) -> set[Key]:
    found: set[Key] = set()
    for ids in in_chunks(task_id for (task_id,) in values):
        found |= set(ProgressReport.objects.filter(task_id__in=ids).values_list("pk", flat=True))
    return found


def units_of_tasks(values: Sequence[tuple[Any, ...]]) -> set[Key]:
    found: set[Key] = set()
    for ids in in_chunks(_task_ids(values)):
        tasks = Task.objects.filter(pk__in=ids)
        found |= set(tasks.values_list("lead_unit_id", flat=True))
    return found


def failed_checks_of_tasks(values: Sequence[tuple[Any, ...]]) -> set[Key]:
    found: set[Key] = set()
    for ids in in_chunks(_task_ids(values)):
        links = SiteCheck.tasks.through.objects.filter(task_id__in=ids, sitecheck__passed=False)
        found |= set(links.values_list("sitecheck_id", flat=True))
    return found
