"""The complaints' 待办 (core.dashboard): what waits for the user's own action, as
permissions.py words who may act — complaints to transfer (may_dispatch), complaints
transferred to the user's unit whose receipt is not yet acknowledged (may_handle), and the
complaints past a clock that wait for the user's organization. The list narrows by ?todo=."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from duban.complaints.choices import ComplaintState
from duban.complaints.clock_warnings import overdue_q
from duban.complaints.models import Complaint
from duban.complaints.selectors import complaint_visible_to
from duban.core import clock
from duban.core.dashboard import Todo
from duban.core.roles import REVIEWERS, WORKERS
from duban.core.scope import Scope, scope_of


def dispatches(scope: Scope) -> bool:
    return scope.holds_anywhere(REVIEWERS)


def complaints_to_transfer(user: Any) -> QuerySet[Complaint]:
    """Registered complaints the user may transfer: received by an office the user reviews
    for (or one below it), or in a region the user's coordinating organization oversees."""
    reviewing = scope_of(user).with_roles(REVIEWERS)
    mine = reviewing.path_q("received_by") | reviewing.region_q("region__code")
    if reviewing.superuser:
        return complaint_visible_to(user).filter(state=ComplaintState.REGISTERED)
    return complaint_visible_to(user).filter(state=ComplaintState.REGISTERED).filter(mine)


def handles(scope: Scope) -> bool:
    return scope.holds_anywhere(WORKERS)


def complaints_to_acknowledge(user: Any) -> QuerySet[Complaint]:
    """Complaints transferred to the user's unit (or one below it), receipt not acknowledged."""
    working = scope_of(user).with_roles(WORKERS)
    rows = complaint_visible_to(user).filter(state=ComplaintState.TRANSFERRED)
    return rows if working.superuser else rows.filter(working.path_q("handling_unit"))


def acts_on_complaints(scope: Scope) -> bool:
    return scope.holds_anywhere(WORKERS)


def complaints_overdue(user: Any) -> QuerySet[Complaint]:
    """Complaints the user sees, past a clock, that wait for the user's organization."""
    scope = scope_of(user)
    transferring = scope.with_roles(REVIEWERS).path_q("received_by")
    handling = scope.with_roles(WORKERS).path_q("handling_unit")
    waiting = (Q(state=ComplaintState.REGISTERED) & transferring) | (
        ~Q(state=ComplaintState.REGISTERED) & handling
    )
    return complaint_visible_to(user).filter(overdue_q(clock.today())).filter(waiting)


TODOS = [
    Todo(
        "complaints_to_transfer",
        _("Complaints to transfer"),
        dispatches,
        complaints_to_transfer,
        "complaint-list",
    ),
    Todo(
        "complaints_to_acknowledge",
        _("Complaints to acknowledge"),
        handles,
        complaints_to_acknowledge,
        "complaint-list",
    ),
    Todo(
        "complaints_overdue",
        _("Overdue complaints"),
        acts_on_complaints,
        complaints_overdue,
        "complaint-list",
        urgent=True,
    ),
]
