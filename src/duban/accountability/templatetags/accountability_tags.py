"""The accountability links on a problem's page (back-tracing, dossier, open a case) and on a
confirmed signal's page (启动问责调查 with the signal chosen).

Shown to reviewers, supervisors and admins who oversee the problem — the same selector
the back-tracing page uses, so a link is never shown for a page that would answer 404.
"""

from __future__ import annotations

from typing import Any

from django import template

from duban.accountability import selectors
from duban.supervision.selectors import supervisor_commissions
from duban.verification.choices import SignalStatus

register = template.Library()


@register.inclusion_tag("accountability/problem_links.html", takes_context=True)
def accountability_links(context: dict[str, Any], problem: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    overseen = selectors.problems_overseen(user).filter(pk=problem.pk).exists()
    can_open_case = overseen and selectors.problems_supervised(user).filter(pk=problem.pk).exists()
    return {"show": overseen, "code": problem.code, "can_open_case": can_open_case}


@register.inclusion_tag("accountability/signal_link.html", takes_context=True)
def signal_case_link(context: dict[str, Any], signal: Any) -> dict[str, Any]:
    """ "启动问责调查" from a confirmed signal, with the signal chosen: shown to those who may
    open a case from it (a commission's supervisor who sees the signal)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or signal.status != SignalStatus.CONFIRMED:
        return {"show": False}
    may_open = supervisor_commissions(user).exists()
    shown = may_open and selectors.signals_for_case(user).filter(pk=signal.pk).exists()
    return {"show": shown, "signal": signal}
