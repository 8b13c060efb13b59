"""Marking inbox notifications read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from duban.core import clock
from duban.core.principal import user_of
from duban.errors import NotPermitted
from duban.rectification.models import Notification


def notifications_mark_read(*, actor: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's unread notifications (all, or those with the given ids) read.

    Returns how many changed; raises NotPermitted for an anonymous actor. Only the actor's
    own notifications are touched; ids of other users' notifications are ignored.

    Nothing is recorded in the ledger: a read mark is the reader's bookkeeping, not workflow
    state (DESIGN §5 records state and responsibility changes), and read_at keeps it.
    """
    if user_of(actor) is None:  # SYSTEM and the anonymous have no notifications
        raise NotPermitted("sign in to read notifications")
    unread = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    with transaction.atomic():
        return unread.update(read_at=clock.now())
