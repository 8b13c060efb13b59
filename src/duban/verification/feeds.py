"""What changed since a detector last ran: feeds of new rows, read a window at a time.

A feed is a table that only grows (a through table, claims, the ledger) read in the order of
a position that only grows (its id, or an event's seq). A detector names its feeds and how a
feed's rows become the keys it evaluates (a unit, a (task, metric) series, a file's sha256…);
re-evaluating a key reads everything stored for it, so a key evaluated after a change gives
the finding a run over all the data would give.
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

WINDOW = 50_000  # feed rows read at once: bounds the memory a catch-up needs
KEY_CHUNK = 500  # keys evaluated, raised and committed together
# Ids come from sequences, which do not commit in order: a row given id 100 may commit after
# id 101 was seen. Each run also reads this many rows before its watermark again, so a row
# that committed late is still examined (the ledger's seq does commit in order).
OVERLAP = 1_000


@dataclass(frozen=True)
class Feed:
    name: str
    rows: Rows  # values_list(position, …) of the table, unordered
    position: str  # "pk", "id" or "seq": grows with every new row
    keys: Callable[[Sequence[tuple[Any, ...]]], Iterable[Key]]  # rows → keys to re-evaluate


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
    return sorted(set(feed.keys(list(rows))))


def chunks(keys: list[Key], after: Any) -> Iterator[list[Key]]:
    """The keys past `after` (a key as JSON stored it: tuples come back as lists)."""
    if after is not None:
        resume = tuple(after) if isinstance(after, list) else after
        keys = [key for key in keys if key > resume]
    for start in range(0, len(keys), KEY_CHUNK):
        yield keys[start : start + KEY_CHUNK]


# The feeds: each table a detector reads, and its rows' keys.


def _task_ids(rows: Sequence[tuple[Any, ...]]) -> set[int]:
    """Task ids of ledger rows (seq, subject_id): subject ids are stored as text."""
    return {int(subject_id) for _, subject_id in rows if subject_id.isdigit()}


def task_events(verbs: Iterable[str] | None = None) -> Rows:
    """Events on tasks (all, or of these verbs): what changes a task's dates or its unit."""

    def rows() -> QuerySet[Any]:
        events = Event.objects.filter(subject_type=Task._meta.label_lower)
        if verbs is not None:
            events = events.filter(verb__in=list(verbs))
        return events.values_list("seq", "subject_id")

    return rows


def report_files() -> QuerySet[Any]:
    return ProgressReport.attachments.through.objects.values_list(
        "id", "attachment__sha256", "attachment__phash", "progressreport_id"
    )


def closeout_files() -> QuerySet[Any]:
    return CloseOut.evidence.through.objects.values_list(
        "id", "attachment__sha256", "attachment__phash", "closeout_id"
    )


def verifications() -> QuerySet[Any]:
    return Verification.objects.values_list("pk", "claim__task_id", "claim__metric")


def claims() -> QuerySet[Any]:
    return Claim.objects.values_list("pk", "task_id", "metric")


def flat_claims() -> QuerySet[Any]:
    return Claim.objects.filter(is_cumulative=False).values_list("pk", "task_id", "metric")


def reports() -> QuerySet[Any]:
    return ProgressReport.objects.values_list("pk", "task__lead_unit_id")


def located_check_tasks() -> QuerySet[Any]:
    links = SiteCheck.tasks.through.objects.filter(sitecheck__latitude__isnull=False)
    return links.values_list("id", "task_id")


def failed_checks() -> QuerySet[Any]:
    return SiteCheck.objects.filter(passed=False).values_list("pk")


def series_keys(rows: Sequence[tuple[Any, ...]]) -> set[Key]:
    return {(task_id, metric) for _, task_id, metric in rows}


def file_keys(rows: Sequence[tuple[Any, ...]]) -> set[Key]:
    return {sha256 for _, sha256, _, _ in rows}


def photo_keys(rows: Sequence[tuple[Any, ...]]) -> set[Key]:
    return {sha256 for _, sha256, phash, _ in rows if phash}


def report_keys(rows: Sequence[tuple[Any, ...]]) -> set[Key]:
    return {report_id for _, _, _, report_id in rows}


def reports_of_tasks(rows: Sequence[tuple[Any, ...]]) -> set[Key]:
    tasks = {task_id for _, task_id in rows}
    return set(ProgressReport.objects.filter(task_id__in=tasks).values_list("pk", flat=True))


def unit_keys(rows: Sequence[tuple[Any, ...]]) -> set[Key]:
    return {unit_id for _, unit_id in rows}


def units_of_tasks(rows: Sequence[tuple[Any, ...]]) -> set[Key]:
    tasks = Task.objects.filter(pk__in=_task_ids(rows))
    return set(tasks.values_list("lead_unit_id", flat=True))


def check_keys(rows: Sequence[tuple[Any, ...]]) -> set[Key]:
    return {check_id for (check_id,) in rows}


def failed_checks_of_tasks(rows: Sequence[tuple[Any, ...]]) -> set[Key]:
    links = SiteCheck.tasks.through.objects.filter(
        task_id__in=_task_ids(rows), sitecheck__passed=False
    )
    return set(links.values_list("sitecheck_id", flat=True))
