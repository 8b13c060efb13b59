"""The complaints' 待办 (core.dashboard): the complaints whose clock is past due and on which
the user must act — to transfer, for the receiving office's reviewers; to acknowledge, handle
or report to the team, for the handling unit's staff. Registered by `ComplaintsConfig.ready()`
(`for todo in todo.TODOS: register_todo(todo)`); the list page narrows by ?todo=."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from duban.complaints.choices import ComplaintState
from duban.complaints.clocks import overdue_q
from duban.complaints.models import Complaint
from duban.complaints.selectors import complaint_visible_to
from duban.core import clock
from duban.core.dashboard import Todo
from duban.core.roles import REVIEWERS, WORKERS
from duban.core.scope import Scope, scope_of


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
        "complaints_overdue",
        _("Overdue complaints"),
        acts_on_complaints,
        complaints_overdue,
        "complaint-list",
        urgent=True,
    )
]
