"""Verifying the event ledger's hash chain, streamed: from genesis or from a trusted event.

Events are read as plain tuples over a server-side cursor (PostgreSQL; SQLite reads in
chunks) and hashed without building model instances, so memory stays flat however long
the chain and the walk runs at database speed. The text hashed is byte for byte
`Event.canonical_json()` (tests compare the two on awkward values).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from django.db import connection, transaction

from duban.core.models import Event, LedgerHead
from duban.core.models.ledger import GENESIS_HASH

# The columns one event's hash covers, then its two hashes; the order `_canonical` reads.
COLUMNS = (
    "seq",
    "created_at",
    "actor_id",
    "organization_id",
    "verb",
    "subject_type",
    "subject_id",
    "data",
    "reason",
    "prev_hash",
    "hash",
)
CHUNK = 5000
_dumps = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_seq is None and not self.problem


@dataclass(frozen=True)
class Checkpoint:
    """An event the verifier trusts: its sequence number and the hash it had (SEQ:HASH)."""

    seq: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """'SEQ:HASH' → Checkpoint; ValueError for anything else."""
        seq, _, digest = text.strip().partition(":")
        digest = digest.strip().lower()
        if not seq.strip().isdigit() or len(digest) != 64:
            raise ValueError("expected SEQ:HASH, the event number and its 64-hex-digit hash")
        int(digest, 16)  # ValueError if not hexadecimal
        return cls(int(seq), digest)


def canonical(row: tuple[Any, ...]) -> str:
    """The text an event's hash covers, from a row of COLUMNS (= Event.canonical_json): the
    sorted keys written out in order, so that only `data` goes through the sorting encoder."""
    seq, created_at, actor, organization, verb, subject_type, subject_id, data, reason = row[:9]
    stamp = created_at if isinstance(created_at, str) else created_at.astimezone(UTC).isoformat()
    return "".join(
        (
            '{"actor":',
            "null" if actor is None else str(int(actor)),
            ',"created_at":"',
            stamp,
            '","data":',
            _dumps(data),
            ',"organization":',
            "null" if organization is None else str(int(organization)),
            ',"reason":',
            encode_basestring(reason),
            ',"seq":',
            str(int(seq)),
            ',"subject_id":',
            encode_basestring(subject_id),
            ',"subject_type":',
            encode_basestring(subject_type),
            ',"verb":',
            encode_basestring(verb),
            "}",
        )
    )


def row_hash(row: tuple[Any, ...]) -> str:
    return hashlib.sha256((row[9] + canonical(row)).encode()).hexdigest()


def rows(after: int = 0) -> Iterator[tuple[Any, ...]]:
    """Events after #`after` in order, as tuples of COLUMNS, streamed."""
    if connection.vendor == "postgresql":
        return _postgresql_rows(after)
    events = Event.objects.filter(seq__gt=after).order_by("seq").values_list(*COLUMNS)
    return events.iterator(chunk_size=CHUNK)


# created_at as datetime.isoformat() writes it in UTC (microseconds only when not zero),
# made by PostgreSQL on its own core rather than parsed and formatted again in Python.
_UTC_ISOFORMAT = (
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    " || CASE WHEN date_part('microseconds', created_at)::bigint %% 1000000 = 0 THEN ''"
    " ELSE to_char(created_at AT TIME ZONE 'UTC', '.US') END || '+00:00'"
)


def _postgresql_rows(after: int) -> Iterator[tuple[Any, ...]]:
    """The same tuples through a server-side cursor without the ORM's per-value converters:
    `data` comes as text (Django's setting for the driver), decoded here once, and
    `created_at` as the text the hash covers."""
    loads = json.loads
    columns = ", ".join(_UTC_ISOFORMAT if c == "created_at" else c for c in COLUMNS)
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {Event._meta.db_table} WHERE seq > %s ORDER BY seq", [after]
        )
        while batch := cursor.fetchmany(CHUNK):
            for row in batch:
                yield (*row[:7], loads(row[7]), *row[8:])


def walk(
    events: Iterable[tuple[Any, ...]], *, seq: int = 0, prev_hash: str = GENESIS_HASH
) -> VerifyResult:
    """Check that `events` follow event #`seq` (hash `prev_hash`) link by link, then that the
    ledger head names the last one. `checked` counts the events walked here."""
    expected_seq, expected_prev, checked = seq + 1, prev_hash, 0
    for row in events:
        if row[0] != expected_seq:
            gap = "missing" if row[0] > expected_seq else "out of order"
            return VerifyResult(checked, row[0], f"sequence {gap}: expected #{expected_seq}")
        if row[9] != expected_prev:
            return VerifyResult(checked, row[0], "does not link to the event before it")
        if row_hash(row) != row[10]:
            return VerifyResult(checked, row[0], "content does not match its hash")
        expected_seq, expected_prev, checked = expected_seq + 1, row[10], checked + 1
    last = expected_seq - 1
    head = LedgerHead.objects.get(pk=1)
    if head.seq != last or head.hash != expected_prev:
        return VerifyResult(
            checked,
            min(head.seq, last) + 1,
            f"ledger head records #{head.seq} but the chain ends at #{last}",
        )
    return VerifyResult(checked)


def verify(checkpoint: Checkpoint | None = None) -> VerifyResult:
    """Walk the chain from genesis, or from a trusted event onward: that event must still
    carry the trusted hash and match its content; then every later event must chain."""
    if checkpoint is None or checkpoint.seq == 0:
        if checkpoint is not None and checkpoint.hash != GENESIS_HASH:
            return VerifyResult(0, 0, "event #0 is the genesis, whose hash is all zeros")
        return walk(rows())
    trusted = Event.objects.filter(seq=checkpoint.seq).values_list(*COLUMNS).first()
    if trusted is None:
        return VerifyResult(0, checkpoint.seq, "the trusted event is not in the ledger")
    if trusted[10] != checkpoint.hash:
        return VerifyResult(0, checkpoint.seq, "does not carry the trusted hash")
    if row_hash(trusted) != trusted[10]:
        return VerifyResult(0, checkpoint.seq, "content does not match its hash")
    return walk(rows(after=checkpoint.seq), seq=checkpoint.seq, prev_hash=checkpoint.hash)
