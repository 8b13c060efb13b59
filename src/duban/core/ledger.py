"""Appending to and verifying the event ledger. Services call `record`; nothing else writes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from duban.core import clock
from duban.core.models import Event, LedgerHead, Organization
from duban.core.models.ledger import GENESIS_HASH
from duban.core.principal import user_of

VisibleIds = Callable[[Any], "models.QuerySet[Any]"]
# subject_type label -> function(user) returning a queryset of visible subjects
_SUBJECT_SCOPES: dict[str, VisibleIds] = {}


def subject_type_of(subject: models.Model | type[models.Model]) -> str:
    """The name events record a subject under: its model label, or the older name a model
    that moved between apps keeps in `ledger_subject_type` (recorded events never change)."""
    return str(getattr(subject, "ledger_subject_type", subject._meta.label_lower))


def register_subject(model: type[models.Model], visible: VisibleIds) -> None:
    """Declare how to decide which subjects of this model a user may see events of."""
    _SUBJECT_SCOPES[subject_type_of(model)] = visible


def registered_subjects() -> dict[str, VisibleIds]:
    return dict(_SUBJECT_SCOPES)


# A bulk writer (the generator) that chains events itself: while set, `record` hands it what
# it was asked to record, so the apps' event helpers stay the one definition of each payload.
Sink = Callable[..., Event]
_SINK: ContextVar[Sink | None] = ContextVar("ledger_sink", default=None)


@contextmanager
def redirected(sink: Sink) -> Iterator[None]:
    """Within this block `record(**kwargs)` returns `sink(**kwargs)` and writes nothing."""
    token = _SINK.set(sink)
    try:
        yield
    finally:
        _SINK.reset(token)


def record(
    *,
    actor: Any,
    verb: str,
    subject: models.Model,
    data: dict[str, Any] | None = None,
    reason: str = "",
    organization: Organization | None = None,
) -> Event:
    """Append one event to the chain, inside the caller's transaction.

    `actor` is the user acting, or SYSTEM (recorded with no actor); None raises TypeError.
    The head row is locked first, so concurrent appends from any number of processes
    queue up behind each other and the chain never forks.
    """
    if (sink := _SINK.get()) is not None:
        return sink(
            actor=actor,
            verb=verb,
            subject=subject,
            data=data,
            reason=reason,
            organization=organization,
        )
    with transaction.atomic():
        head = LedgerHead.objects.select_for_update().get(pk=1)
        event = build_event(
            seq=head.seq + 1,
            prev_hash=head.hash,
            created_at=clock.now(),
            actor=actor,
            verb=verb,
            subject=subject,
            data=data,
            reason=reason,
            organization=organization,
        )
        event.save()
        LedgerHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


def build_event(
    *,
    seq: int,
    prev_hash: str,
    created_at: datetime,
    actor: Any,
    verb: str,
    subject: models.Model,
    data: dict[str, Any] | None = None,
    reason: str = "",
    organization: Organization | None = None,
) -> Event:
    """The unsaved event that links to `prev_hash`, its hash computed: the one constructor
    `record` and bulk writers (the generator) share, so every event is made the same way."""
    event = Event(
        seq=seq,
        created_at=created_at,
        actor=user_of(actor),  # SYSTEM writes with no actor; None is refused
        organization=organization,
        verb=str(verb),
        subject_type=subject_type_of(subject),
        subject_id=str(subject.pk),
        data=json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder)),
        reason=reason,
        prev_hash=prev_hash,
    )
    event.hash = event.compute_hash()
    return event


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_seq is None and not self.problem


def _walk(events: Iterator[Event]) -> VerifyResult:
    expected_seq, expected_prev, checked = 1, GENESIS_HASH, 0
    for event in events:
        if event.seq != expected_seq:
            gap = "missing" if event.seq > expected_seq else "out of order"
            return VerifyResult(checked, event.seq, f"sequence {gap}: expected #{expected_seq}")
        if event.prev_hash != expected_prev:
            return VerifyResult(checked, event.seq, "does not link to the event before it")
        if event.compute_hash() != event.hash:
            return VerifyResult(checked, event.seq, "content does not match its hash")
        expected_seq, expected_prev, checked = expected_seq + 1, event.hash, checked + 1
    head = LedgerHead.objects.get(pk=1)
    if head.seq != checked or head.hash != expected_prev:
        return VerifyResult(
            checked,
            min(head.seq, checked) + 1,
            f"ledger head records #{head.seq} but the chain ends at #{checked}",
        )
    return VerifyResult(checked)


def verify() -> VerifyResult:
    """Walk the whole chain; report the first event whose link or content is broken."""
    return _walk(Event.objects.order_by("seq").iterator(chunk_size=2000))
