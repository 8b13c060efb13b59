"""Verification's to-do (core.dashboard): open signals the user may decide (selectors.oversees)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from duban.core.choices import Role
from duban.core.dashboard import Todo
from duban.core.roles import OVERSIGHT
from duban.core.scope import Scope, scope_of
from duban.verification.choices import SignalStatus
from duban.verification.models import Signal
from duban.verification.selectors import signal_visible_to


def decides_signals(scope: Scope) -> bool:
    return scope.oversees_anywhere(OVERSIGHT) or scope.holds_anywhere({Role.SUPERVISOR})


def signals_to_decide(user: Any) -> QuerySet[Signal]:
    """Open signals in a region the user oversees (by the task's problem, else the unit), or
    on a department the user's stationed group works over: `oversees` as a filter."""
    scope = scope_of(user)
    overseeing = scope.with_roles(OVERSIGHT)
    waiting = signal_visible_to(user).filter(status=SignalStatus.OPEN)
    if overseeing.everything:  # region_q is an empty Q then, which an OR would drop
        return waiting
    by_region = overseeing.region_q("task__problem__region__code") | (
        Q(task__isnull=True) & overseeing.region_q("unit__region__code")
    )
    stationed = scope.with_roles({Role.SUPERVISOR}).path_q("unit")
    return waiting.filter(by_region | stationed)


TODOS = [Todo("signals", _("Signals to decide"), decides_signals, signals_to_decide, "signal-list")]
