"""Reads that may go to a PostgreSQL read replica (DATABASE_REPLICA_URL, docs/deploy.md).

Only views marked `@reads_from_replica` (statistics, exports) read from it, and only while
they have not written. A browser session that wrote reads from the primary until the
replica has replayed that write: the request that wrote stores the primary's WAL position
in the session (`ReplicaMiddleware` in duban.middleware), and a marked view first asks the
replica whether it has replayed up to there — so a page never shows its user an older state
than the one they made. A request without a session (an API token) cannot be followed from
one request to the next, so it always reads from the primary.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest

PRIMARY, REPLICA = "default", "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The session key holding the primary's WAL position (pg_lsn text) after the user's last write.
WRITE_POSITION_KEY = "duban_write_lsn"


@dataclass
class _Reads:
    replica: bool = False  # inside a marked view or `replica_reads()`
    wrote: bool = False  # this request (or block) has written: the rest reads the primary


_current: ContextVar[_Reads | None] = ContextVar("duban_replica_reads", default=None)


def configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Reads to the replica only when allowed and nothing was written; writes, migrations
    and everything else to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        reads = _current.get()
        if reads is not None and reads.replica and not reads.wrote and configured():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model: Any, **hints: Any) -> str:
        reads = _current.get()
        if reads is not None:
            reads.wrote = True
        return PRIMARY

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


@contextmanager
def tracking() -> Iterator[_Reads]:
    """One request's reads and writes (the middleware wraps every request in it)."""
    reads = _Reads()
    token = _current.set(reads)
    try:
        yield reads
    finally:
        _current.reset(token)


@contextmanager
def replica_reads(*, after: str | None = None) -> Iterator[bool]:
    """Let the reads in this block go to the replica if it has replayed the primary's WAL up
    to `after` (none: any state will do) and the request has not written; yields whether
    they will. Writes in the block send the reads after them back to the primary."""
    outer = _current.get()
    wrote = outer is not None and outer.wrote
    reads = _Reads(replica=configured() and not wrote and replica_has_replayed(after))
    token = _current.set(reads)
    try:
        yield reads.replica
    finally:
        _current.reset(token)
        if outer is not None and reads.wrote:
            outer.wrote = True


def reads_from_replica(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a read-only view (statistics, an export) whose reads may go to the replica."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not configured() or not _may_use_replica(request):
            return view(request, *args, **kwargs)
        with replica_reads(after=request.session.get(WRITE_POSITION_KEY)):
            return view(request, *args, **kwargs)

    return wrapper


def _may_use_replica(request: HttpRequest) -> bool:
    """A safe request of a browser session that has not written during this request."""
    reads = _current.get()
    session = getattr(request, "session", None)
    return (
        request.method in SAFE_METHODS
        and session is not None
        and session.session_key is not None
        and not (reads is not None and reads.wrote)
    )


def replica_has_replayed(position: str | None) -> bool:
    """Whether the replica has replayed the primary's WAL up to `position` (None: yes). A
    replica that cannot be asked is treated as behind: the primary answers instead."""
    if position is None:
        return True
    from django.db.utils import Error as DatabaseError

    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, true)", [position]
            )
            return bool(cursor.fetchone()[0])
    except DatabaseError:
        return False


def primary_position() -> str:
    """The primary's current WAL position, as text (what a later read waits for)."""
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return str(cursor.fetchone()[0])


def remember_write(request: HttpRequest, reads: _Reads) -> None:
    """After a request that wrote (or could have: any unsafe method), note in its session
    where the primary's WAL was, so the session's next replica read waits for it."""
    if not configured():
        return
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None or not user.is_authenticated:
        return  # signed out: no anonymous session is made for it
    if session.session_key is None and not session.modified:
        return  # an API token: no session to follow, none is made
    if reads.wrote or request.method not in SAFE_METHODS:
        session[WRITE_POSITION_KEY] = primary_position()
