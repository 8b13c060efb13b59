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
from duban.core.chain import VerifyResult as VerifyResult  # verifying lives in chain.py
from duban.core.chain import verify as verify  # (re-exported for dossiers and backups)
from duban.core.models import Event, LedgerHead, Organization
from duban.core.principal import user_of

VisibleIds = Callable[[Any], "models.QuerySet[Any]"]
# subject_type label -> function(user) returning a queryset of visible subjects
_SUBJECT_SCOPES: dict[str, VisibleIds] = {}


@dataclass(frozen=True)
class Stamp:
    """What decides who may see the events of one subject, stored on each event (Event's
    visibility columns): only what never changes once the subject exists."""

    region_code: str = ""
    org_path: str = ""
    problem: int | None = None
    task: int | None = None


Stamper = Callable[[Any], Stamp]  # subject -> its stamp
EventScope = Callable[[Any], models.Q]  # user -> Q over Event: this type's events they see
_STAMPERS: dict[str, Stamper] = {}
_EVENT_SCOPES: dict[str, EventScope] = {}


def subject_type_of(subject: models.Model | type[models.Model]) -> str:
    """The name events record a subject under: its model label, or the older name a model
    that moved between apps keeps in `ledger_subject_type` (recorded events never change)."""
    return str(getattr(subject, "ledger_subject_type", subject._meta.label_lower))


def register_subject(
    model: type[models.Model],
    visible: VisibleIds,
    *,
    stamp: Stamper | None = None,
    events: EventScope | None = None,
) -> None:
    """Declare how to decide which subjects of this model a user may see events of:
    `visible(user)` is the model's scope rule; `stamp(subject)` what its events carry of it;
    `events(user)` the same rule over the stamped columns (must select exactly the events of
    the subjects `visible` returns). Without `events`, the events of the visible subjects
    are matched by `subject_pk`."""
    subject_type = subject_type_of(model)
    _SUBJECT_SCOPES[subject_type] = visible
    if stamp is not None:
        _STAMPERS[subject_type] = stamp
    if events is not None:
        _EVENT_SCOPES[subject_type] = events


def registered_subjects() -> dict[str, VisibleIds]:
    return dict(_SUBJECT_SCOPES)


def registered_event_scopes() -> dict[str, EventScope]:
    return dict(_EVENT_SCOPES)


def stamp_of(subject: models.Model) -> Stamp:
    """The visibility stamp of a subject (empty for a type that declares none)."""
    stamper = _STAMPERS.get(subject_type_of(subject))
    return stamper(subject) if stamper is not None else Stamp()


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
    queue up behind each other and the chain never forks. The lock lasts until the caller
    commits: services record their event as the last write before committing (docs/ledger.md).
    No savepoint: an append that fails leaves nothing worth keeping in the caller's
    transaction, which rolls back as a whole (two round trips fewer inside the lock).
    """
    what = {
        "actor": actor,
        "verb": verb,
        "subject": subject,
        "data": data,
        "reason": reason,
        "organization": organization,
    }
    if (sink := _SINK.get()) is not None:
        return sink(**what)
    user_of(actor)  # a missing principal is refused before anything is locked or written
    # Stamped before the head is locked: reading the subject's problem must not lengthen
    # the one serial section every writer queues for.
    stamp = stamp_of(subject)
    with transaction.atomic(savepoint=False):
        head = LedgerHead.objects.select_for_update().get(pk=1)
        event = build_event(
            seq=head.seq + 1, prev_hash=head.hash, created_at=clock.now(), stamp=stamp, **what
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
    stamp: Stamp | None = None,
) -> Event:
    """The unsaved event that links to `prev_hash`, its hash computed: the one constructor
    `record` and bulk writers (the generator) share, so every event is made the same way.
    `stamp` is the subject's (stamp_of), when the caller has it already."""
    stamp = stamp if stamp is not None else stamp_of(subject)
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
        subject_pk=subject.pk if isinstance(subject.pk, int) else None,
        region_code=stamp.region_code,
        org_path=stamp.org_path,
        problem_ref=stamp.problem,
        task_ref=stamp.task,
    )
    event.hash = event.compute_hash()
    return event
