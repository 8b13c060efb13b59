"""Stamping events recorded before Event had visibility columns (data migrations only).

Core's migration sets every event's `subject_pk` and stamps its own subjects' events; each
higher app's migration stamps the events of its own subject types from its own tables, so
core knows none of them. Chunks of event ids keep every statement small on a national
ledger. Works on the historical models a migration is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import BigIntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce

CHUNK = 5000
TEXT_COLUMNS = frozenset({"region_code", "org_path"})  # not null: blank when unknown


@contextmanager
def _unguarded(schema_editor: Any) -> Iterator[None]:
    """Lift PostgreSQL's append-only trigger (migration 0002) for the stamp columns' backfill:
    they are derived, outside the hash. The migration's transaction holds the table's lock
    while the trigger is off, so no other statement runs unguarded."""
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        # Foreign keys are checked at commit (deferred); the updates would leave those checks
        # pending, and PostgreSQL alters no table with checks pending. Check as we go.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("ALTER TABLE core_event DISABLE TRIGGER core_event_no_update_delete")
    yield
    if postgres:
        schema_editor.execute("ALTER TABLE core_event ENABLE TRIGGER core_event_no_update_delete")


def _chunks(events: QuerySet[Any]) -> Iterator[QuerySet[Any]]:
    """The events in consecutive id ranges of at most CHUNK rows each."""
    ids = events.order_by("pk").values_list("pk", flat=True)
    last = 0
    while chunk := list(ids.filter(pk__gt=last)[:CHUNK]):
        yield events.filter(pk__gte=chunk[0], pk__lte=chunk[-1])
        last = chunk[-1]


def stamp_subject_pks(apps: Any, schema_editor: Any) -> None:
    """Every event's subject id as a number (every subject's key is an integer)."""
    Event = apps.get_model("core", "Event")
    with _unguarded(schema_editor):
        for batch in _chunks(Event.objects.filter(subject_pk__isnull=True)):
            batch.update(subject_pk=Cast("subject_id", BigIntegerField()))


def stamp_events(
    apps: Any, schema_editor: Any, subject_type: str, model: str, columns: dict[str, str]
) -> None:
    """Set each Event column in `columns` (column -> field path on the subject model, e.g.
    {"region_code": "problem__region_id"}) on the events of one subject type."""
    Event = apps.get_model("core", "Event")
    subject = apps.get_model(model).objects.filter(pk=OuterRef("subject_pk"))
    values: dict[str, Any] = {}
    for column, path in columns.items():
        value: Any = Subquery(subject.values(path)[:1])
        values[column] = Coalesce(value, Value("")) if column in TEXT_COLUMNS else value
    with _unguarded(schema_editor):
        for batch in _chunks(Event.objects.filter(subject_type=subject_type)):
            batch.update(**values)
