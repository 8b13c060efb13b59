"""Accountability's to-do (core.dashboard), for a commission's supervisors: referred signals
no case was opened on yet, and cases with a clock running (a review to decide, organizational
handling not yet carried out)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from duban.accountability.choices import ORGANIZATIONAL_HANDLING
from duban.accountability.models import AccountabilityCase, Sanction, SanctionReview
from duban.accountability.selectors import case_visible_to
from duban.core.dashboard import Todo
from duban.core.roles import SUPERVISORS
from duban.core.scope import Scope, scope_of
from duban.supervision.permissions import COMMISSION_KINDS
from duban.verification.choices import SignalStatus
from duban.verification.models import Signal
from duban.verification.selectors import signal_visible_to


def commission_scope(user: Any) -> Scope:
    return scope_of(user).with_roles(SUPERVISORS, kinds=COMMISSION_KINDS)


def supervises(scope: Scope) -> bool:
    return scope.superuser or bool(scope.with_roles(SUPERVISORS, kinds=COMMISSION_KINDS).grants)


def referrals(user: Any) -> QuerySet[Signal]:
    """Confirmed signals referred to the commission over their region (or to the group
    stationed in their unit) on which no case was opened yet."""
    commissions = commission_scope(user)
    opened = AccountabilityCase.objects.filter(signal=OuterRef("pk"))
    referred = (
        signal_visible_to(user)
        .filter(status=SignalStatus.CONFIRMED, referred=True)
        .exclude(Exists(opened))
    )
    if commissions.everything:  # region_q is an empty Q then, which an OR would drop
        return referred
    where = (
        commissions.region_q("task__problem__region__code")
        | (Q(task__isnull=True) & commissions.region_q("unit__region__code"))
        | commissions.path_q("unit")
    )
    return referred.filter(where)


def cases_with_a_clock(user: Any) -> QuerySet[AccountabilityCase]:
    """The user's commission's cases where a review awaits its decision or organizational
    handling awaits being carried out (selectors.can_work_on's cases)."""
    scope = scope_of(user)
    cases = case_visible_to(user)
    if not scope.superuser:
        cases = cases.filter(commission_id__in=sorted(commission_scope(user).organization_ids))
    review = SanctionReview.objects.filter(sanction__case=OuterRef("pk"), outcome="")
    handling = Sanction.objects.filter(
        case=OuterRef("pk"),
        measure__in=ORGANIZATIONAL_HANDLING,
        carried_out_on__isnull=True,
        revoked_on__isnull=True,
    )
    return cases.filter(Exists(review) | Exists(handling))


TODOS = [
    Todo("referrals", _("Referred signals without a case"), supervises, referrals, "signal-list"),
    Todo(
        "cases",
        _("Cases with a clock running"),
        supervises,
        cases_with_a_clock,
        "accountability-case-list",
    ),
]
