"""The data migrations stamp events recorded before Event had visibility columns exactly
as build_event stamps new ones."""

from __future__ import annotations

import importlib

from django.db import connection
from django.db.migrations.loader import MigrationLoader

from duban.core import backfill
from duban.core.models import Event

STAMPS = ("subject_type", "subject_pk", "region_code", "org_path", "problem_ref", "task_ref")
MIGRATIONS = (
    "duban.core.migrations.0010_event_visibility_stamps",
    "duban.inspections.migrations.0005_event_stamps",
    "duban.rectification.migrations.0008_event_stamps",
)


class StatementRunner:
    """What the backfill uses of a migration's schema editor (SQLite refuses a real one
    inside the test's transaction): its connection, and running a statement on it."""

    connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def stamps() -> list[tuple[object, ...]]:
    return list(Event.objects.order_by("seq").values_list(*STAMPS))


def blank_stamps() -> None:
    """The columns as the schema migration leaves them on a ledger recorded before."""
    guarded = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if guarded:
            # the events were inserted in this transaction: check their keys now, as a
            # migration's own transaction would find them, so the table may be altered
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_event DISABLE TRIGGER core_event_no_update_delete")
        cursor.execute(
            "UPDATE core_event SET subject_pk = NULL, region_code = '', org_path = '',"
            " problem_ref = NULL, task_ref = NULL"
        )
        if guarded:
            cursor.execute("ALTER TABLE core_event ENABLE TRIGGER core_event_no_update_delete")


def test_backfill_stamps_old_events_as_build_event_does(workflow, monkeypatch):
    # given a ledger whose events build_event stamped, with the stamps then wiped
    recorded = stamps()
    kinds = {row[0] for row in recorded if row[2]}
    assert {
        "core.organization",
        "core.person",
        "inspections.problem",
        "rectification.task",
    } <= kinds
    blank_stamps()
    assert all(row[1] is None and row[2] == "" for row in stamps())
    # when the migrations run (on the models as they stood), in chunks of two events
    monkeypatch.setattr(backfill, "CHUNK", 2)
    state = MigrationLoader(connection).project_state(("rectification", "0008_event_stamps"))
    for name in MIGRATIONS:
        importlib.import_module(name).stamp(state.apps, StatementRunner())
    # then every event carries the stamp it was written with, and the hashes still hold
    assert stamps() == recorded
    from duban.core.ledger import verify

    assert verify().intact
