"""The generated history's ledger: the apps' own event helpers, chained here in bulk.

While a `Chain` is open, `ledger.record` hands each event to it (ledger.redirected); it is
built by `ledger.build_event` — the constructor `record` uses — at the time the generator
says, linked to the one before, and written with bulk_create in seq order. The head row is
moved with every batch, so a verify at any commit sees a whole chain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.db import models

from duban.core import ledger
from duban.core.models import Event, LedgerHead, Organization

BATCH = 5000


class Chain:
    """Appends events after the current head; `at` is the time the next one is stamped."""

    def __init__(self) -> None:
        head = LedgerHead.objects.get(pk=1)
        self.seq, self.hash = head.seq, head.hash
        self.at: datetime | None = None
        self.written = 0
        self._buffer: list[Event] = []
        self._pending: list[tuple[datetime, int, Callable[[], Any]]] = []

    def __call__(
        self,
        *,
        actor: Any,
        verb: str,
        subject: models.Model,
        data: dict[str, Any] | None,
        reason: str,
        organization: Organization | None,
    ) -> Event:
        if self.at is None:
            raise RuntimeError("a generated event needs a time: set Chain.at first")
        event = ledger.build_event(
            seq=self.seq + 1,
            prev_hash=self.hash,
            created_at=self.at,
            actor=actor,
            verb=verb,
            subject=subject,
            data=data,
            reason=reason,
            organization=organization,
        )
        self.seq, self.hash = event.seq, event.hash
        self._buffer.append(event)
        if len(self._buffer) >= BATCH:
            self.flush()
        return event

    def later(self, when: datetime, record: Callable[[], Any]) -> None:
        """Record at `when`, in time order with the others, at the next `drain`."""
        self._pending.append((when, len(self._pending), record))

    def drain(self) -> None:
        """Record what `later` queued, oldest first (ties in the order queued)."""
        pending, self._pending = sorted(self._pending, key=lambda item: item[:2]), []
        for when, _, record in pending:
            self.at = when
            record()

    def flush(self) -> None:
        if not self._buffer:
            return
        Event.objects.bulk_create(self._buffer)
        LedgerHead.objects.filter(pk=1).update(seq=self.seq, hash=self.hash)
        self.written += len(self._buffer)
        self._buffer = []


@contextmanager
def chained() -> Iterator[Chain]:
    """A Chain that every `ledger.record` inside the block goes to; flushed at the end."""
    chain = Chain()
    with ledger.redirected(chain):
        yield chain
        chain.drain()
    chain.flush()
