"""The ledger: hash chain, verification of tampering, append-only guards, concurrency."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from duban.cli import main as duban
from duban.core import ledger
from duban.core.models import Event, LedgerHead
from duban.core.models.ledger import GENESIS_HASH, LedgerViolation
from duban.core.principal import SYSTEM
from tests.factories import make_organization


def tamper(sql: str, params: list | None = None) -> None:
    """Change stored events behind the application's back, as an attacker with SQL would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_event DISABLE TRIGGER USER")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_event ENABLE TRIGGER USER")


def five_events() -> list[Event]:
    organization = make_organization("链测试单位")
    for number in range(4):
        ledger.record(actor=SYSTEM, verb="test.touched", subject=organization, data={"n": number})
    return list(Event.objects.order_by("seq"))


@pytest.mark.django_db
def test_events_form_one_chain_from_genesis():
    events = five_events()
    assert [event.seq for event in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS_HASH
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    assert all(event.hash == event.compute_hash() for event in events)
    head = LedgerHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (5, events[-1].hash)


@pytest.mark.django_db
def test_verify_reports_intact_chain_with_count(capsys):
    five_events()
    assert duban(["audit", "verify"]) == 0
    assert "5 events checked" in capsys.readouterr().out


@pytest.mark.django_db
def test_verify_names_event_whose_data_was_altered(capsys):
    five_events()
    tamper("UPDATE core_event SET data = %s WHERE seq = 3", ['{"n": 99}'])
    assert ledger.verify().broken_seq == 3
    assert duban(["audit", "verify"]) == 1
    assert "#3" in capsys.readouterr().out


@pytest.mark.django_db
def test_verify_names_gap_left_by_deleted_event():
    five_events()
    tamper("DELETE FROM core_event WHERE seq = 2")
    result = ledger.verify()
    assert (result.broken_seq, result.intact) == (3, False)


@pytest.mark.django_db
def test_verify_detects_deleted_last_event_through_head():
    five_events()
    tamper("DELETE FROM core_event WHERE seq = 5")
    assert ledger.verify().broken_seq == 5


@pytest.mark.django_db
def test_verify_names_first_of_two_reordered_events():
    five_events()
    tamper("UPDATE core_event SET seq = -1 WHERE seq = 2")
    tamper("UPDATE core_event SET seq = 2 WHERE seq = 4")
    tamper("UPDATE core_event SET seq = 4 WHERE seq = -1")
    assert ledger.verify().broken_seq == 2


@pytest.mark.django_db
def test_verify_names_inserted_event():
    events = five_events()
    tamper("UPDATE core_event SET seq = seq + 100 WHERE seq >= 3")
    tamper("UPDATE core_event SET seq = seq - 99 WHERE seq >= 103")
    forged = Event(
        seq=3,
        created_at=events[2].created_at,
        verb="forged",
        subject_type="x",
        subject_id="1",
        data={},
        reason="",
        prev_hash=events[1].hash,
    )
    forged.hash = forged.compute_hash()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_event (seq, created_at, verb, subject_type, subject_id, data, reason,"
            " prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [3, forged.created_at, "forged", "x", "1", "{}", "", "f" * 64, forged.hash],
        )
    # The forged event links correctly to #2 only if its prev_hash is #2's hash; here it does
    # not, and even a perfect forgery breaks the link from the event after it.
    assert ledger.verify().broken_seq == 3


@pytest.mark.django_db
def test_model_refuses_update_and_delete():
    event = five_events()[0]
    event.reason = "rewritten"
    with pytest.raises(LedgerViolation):
        event.save()
    with pytest.raises(LedgerViolation):
        event.delete()
    with pytest.raises(LedgerViolation):
        Event.objects.filter(seq=1).update(reason="x")
    with pytest.raises(LedgerViolation):
        Event.objects.all().delete()
    assert Event.objects.get(seq=1).reason == ""


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_event SET reason = 'x' WHERE seq = 1",
        "DELETE FROM core_event WHERE seq = 1",
        "TRUNCATE core_event CASCADE",
    ],
)
@pytest.mark.django_db
def test_postgres_trigger_refuses_raw_changes(statement):
    five_events()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush pending FK checks first
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert Event.objects.filter(seq=1, reason="").exists()
    assert Event.objects.count() == 5


APPEND_SNIPPET = """
from duban.core import ledger
from duban.core.principal import SYSTEM
from duban.core.models import Region
subject = Region.objects.get(code="430200")
for number in range({count}):
    ledger.record(actor=SYSTEM, verb="test.concurrent", subject=subject, data={{"n": number}})
"""


@postgres_only
def test_concurrent_appends_from_processes_keep_one_chain(scratch_postgres):
    """Four processes append at once to a fresh database; the chain stays linear."""
    env = {**os.environ, "DATABASE_URL": scratch_postgres}
    duban_command = [sys.executable, "-m", "duban.cli"]
    subprocess.run([*duban_command, "manage", "migrate", "-v0"], env=env, check=True)
    workers = [
        subprocess.Popen(
            [*duban_command, "manage", "shell", "-c", APPEND_SNIPPET.format(count=25)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    failures = [worker.stderr.read() for worker in workers if worker.wait() != 0]
    assert failures == []
    verified = subprocess.run(
        [*duban_command, "audit", "verify"], env=env, capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "100 events checked" in verified.stdout
