"""Streamed ledger verification: the same text hashed as the model, and trusted checkpoints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from duban.cli import main as duban
from duban.core import chain, ledger
from duban.core.models import Event, LedgerHead
from duban.core.models.ledger import GENESIS_HASH
from duban.core.principal import SYSTEM
from tests.core.test_ledger import five_events, tamper
from tests.factories import make_organization

pytestmark = pytest.mark.django_db

AWKWARD_TEXT = [
    "整改办 🌿 𠀀𪚥",  # CJK, emoji, astral-plane ideographs
    'quote " backslash \\ slash / tab \t newline \n',
    "\u202eRTL override\u202c e\u0301 (combining) \u2028 line separator \ufeff BOM",
    "\x01\x1f control characters",
]
AWKWARD_DATA = [
    {},
    {"nested": {"z": [1, 2.5, -0.0001, {"深": ["层", None, True, False]}], "a": "𝔘"}},
    # No float beyond 1e16 or so: PostgreSQL's jsonb writes 1.5e300 back as an integer.
    {"big": 2**62, "small": -(2**62), "float": 1e-7, "half": 1.5, "empty": [[], {}]},
    {"keys": {"b": 1, "a": 2, "B": 3, "é": 4, "中": 5, "": 6}},
]
AWKWARD_TIMES = [
    datetime(2026, 1, 1, tzinfo=UTC),  # no microseconds: isoformat drops them
    datetime(2026, 6, 30, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(1969, 12, 31, 23, 59, 59, 1, tzinfo=UTC),  # before the epoch
    datetime(2030, 3, 1, 7, 0, tzinfo=timezone(timedelta(hours=8))),  # written in +08:00
    datetime(2024, 2, 29, 12, 0, 0, 500000, tzinfo=timezone(timedelta(hours=-9, minutes=-30))),
]


def awkward_events() -> None:
    """Events whose text, data and time are each as awkward as a service could make them."""
    subject = make_organization("链测试单位 ✓")
    head = LedgerHead.objects.get(pk=1)
    seq, prev = head.seq, head.hash
    events = []
    for number, created_at in enumerate(AWKWARD_TIMES * 2):
        seq += 1
        event = ledger.build_event(
            seq=seq,
            prev_hash=prev,
            created_at=created_at,
            actor=SYSTEM,
            verb="test.awkward",
            subject=subject,
            data=AWKWARD_DATA[number % len(AWKWARD_DATA)],
            reason=AWKWARD_TEXT[number % len(AWKWARD_TEXT)],
        )
        events.append(event)
        prev = event.hash
    Event.objects.bulk_create(events)
    LedgerHead.objects.filter(pk=1).update(seq=seq, hash=prev)


def test_canonical_text_is_byte_identical_to_the_model():
    awkward_events()
    five_events()
    rows = list(chain.rows())
    models = {event.seq: event for event in Event.objects.all()}
    assert len(rows) == len(models) == Event.objects.count() > 10
    for row in rows:
        assert chain.canonical(row).encode() == models[row[0]].canonical_json().encode()
        assert chain.row_hash(row) == models[row[0]].compute_hash() == row[10]
    assert chain.verify().intact


def test_verify_through_the_ledger_module_keeps_its_meaning():
    five_events()
    result = ledger.verify()
    assert (result.intact, result.checked, result.broken_seq) == (True, 5, None)
    tamper("UPDATE core_event SET reason = %s WHERE seq = 4", ["改写"])
    result = ledger.verify()
    assert (result.intact, result.checked, result.broken_seq) == (False, 3, 4)
    assert result.problem == "content does not match its hash"


def test_from_a_trusted_event_checks_only_what_follows_it():
    events = five_events()
    trusted = chain.Checkpoint(2, events[1].hash)
    assert chain.verify(trusted) == chain.VerifyResult(3)
    # What came before the checkpoint is trusted, not read: altering #1 goes unnoticed here…
    tamper("UPDATE core_event SET reason = %s WHERE seq = 1", ["改写"])
    assert chain.verify(trusted).intact
    assert chain.verify().broken_seq == 1  # …and is found from genesis.
    tamper("UPDATE core_event SET reason = %s WHERE seq = 4", ["改写"])
    assert chain.verify(trusted) == chain.VerifyResult(1, 4, "content does not match its hash")


def test_the_trusted_event_itself_must_carry_the_trusted_hash_and_match_it():
    events = five_events()
    wrong = chain.verify(chain.Checkpoint(3, "a" * 64))
    assert (wrong.broken_seq, wrong.problem) == (3, "does not carry the trusted hash")
    tamper("UPDATE core_event SET reason = %s WHERE seq = 3", ["改写"])
    altered = chain.verify(chain.Checkpoint(3, events[2].hash))
    assert (altered.broken_seq, altered.problem) == (3, "content does not match its hash")
    missing = chain.verify(chain.Checkpoint(9, events[2].hash))
    assert (missing.broken_seq, missing.problem) == (9, "the trusted event is not in the ledger")


def test_the_last_event_as_checkpoint_and_the_genesis_as_checkpoint():
    events = five_events()
    assert chain.verify(chain.Checkpoint(5, events[4].hash)) == chain.VerifyResult(0)
    assert chain.verify(chain.Checkpoint(0, GENESIS_HASH)) == chain.VerifyResult(5)
    assert not chain.verify(chain.Checkpoint(0, "b" * 64)).intact
    tamper("DELETE FROM core_event WHERE seq = 5")
    assert chain.verify(chain.Checkpoint(3, events[2].hash)).broken_seq == 5  # head says #5


@pytest.mark.parametrize(
    "text",
    [
        "",
        "3",
        "3:",
        ":" + "a" * 64,
        "x:" + "a" * 64,
        "3:" + "g" * 64,
        "3:" + "a" * 63,
        "-1:" + "a" * 64,
    ],
)
def test_checkpoint_refuses_anything_but_seq_colon_hash(text):
    with pytest.raises(ValueError):
        chain.Checkpoint.parse(text)


def test_checkpoint_accepts_upper_case_and_spaces():
    assert chain.Checkpoint.parse(" 12:" + "AB" * 32 + " ") == chain.Checkpoint(12, "ab" * 32)


def test_command_verifies_from_a_checkpoint_and_prints_the_rate(capsys):
    events = five_events()
    assert duban(["audit", "verify", "--from", f"2:{events[1].hash}"]) == 0
    out = capsys.readouterr().out
    assert "ledger intact: 3 events checked after trusted event #2" in out
    assert "events/s" in out
    assert duban(["audit", "verify", "--from", f"2:{'c' * 64}"]) == 1
    assert "BROKEN at event #2: does not carry the trusted hash" in capsys.readouterr().out
    assert duban(["audit", "verify", "--from", "two"]) == 2
    assert "--from: expected SEQ:HASH" in capsys.readouterr().err
