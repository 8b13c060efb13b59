"""Signals handed to the discipline commission (or the group stationed in the unit): raised
for it to decide, and referred to it for accountability (rectification's hand-off
notifications, docs/rectification.md "Who is told")."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duban.core.choices import OrganizationKind, Role
from duban.core.roles import SUPERVISORS
from duban.rectification.models import Notification
from duban.rectification.services.handoffs import (
    actor_name,
    members,
    notify_handoff,
    overseers,
    text,
)
from duban.verification.choices import SignalKind
from duban.verification.models import Signal
from duban.verification.selectors import signal_region

SIGNAL_RAISED = _("New signal to decide (%(kind)s): %(subject)s. %(explanation)s")
SIGNAL_REFERRED = _("%(who)s referred a confirmed signal (%(kind)s) on %(subject)s")


def commission_supervisors(signal: Signal) -> set[Any]:
    """Supervisors of the discipline commissions over the signal's region, and of the groups
    stationed in its unit (or above it) — who `selectors.oversees` as supervisors."""
    users = set(
        overseers(signal_region(signal), SUPERVISORS, {OrganizationKind.DISCIPLINE_COMMISSION})
    )
    unit = signal.unit or (signal.task.lead_unit if signal.task else None)
    if unit is not None:
        users |= set(_stationed_supervisors(unit.path))
    return users


def _stationed_supervisors(path: str) -> QuerySet[Any]:
    above = [path[:end] for end in range(7, len(path) + 1, 7)]  # "000001/" per level
    return members(
        Q(kind=OrganizationKind.STATIONED_GROUP, stationed_in__path__in=above), {Role.SUPERVISOR}
    )


def _subject(signal: Signal) -> str:
    if signal.task is not None:
        return f"{signal.task.code} {signal.task.title}"
    return signal.unit.name if signal.unit else "—"


def signal_raised(*, actor: Any, signal: Signal) -> list[Notification]:
    return notify_handoff(
        actor=actor,
        recipients=commission_supervisors(signal),
        key=f"signal:{signal.pk}",
        message=text(
            SIGNAL_RAISED,
            kind=SignalKind(signal.kind).label,
            subject=_subject(signal),
            explanation=signal.explanation[:200],
        ),
        task=signal.task,
        link=reverse("signal-detail", args=[signal.pk]),
    )


def signal_referred(*, actor: Any, signal: Signal) -> list[Notification]:
    return notify_handoff(
        actor=actor,
        recipients=commission_supervisors(signal),
        key=f"referral:{signal.pk}",
        message=text(
            SIGNAL_REFERRED,
            who=actor_name(actor),
            kind=SignalKind(signal.kind).label,
            subject=_subject(signal),
        ),
        task=signal.task,
        link=reverse("signal-detail", args=[signal.pk]),
    )
