"""The accountability links on a problem's page (back-tracing, dossier, open a case).

Shown to reviewers, supervisors and admins who oversee the problem — the same selector
the back-tracing page uses, so a link is never shown for a page that would answer 404.
"""

from __future__ import annotations

from typing import Any

from django import template

from duban.accountability import selectors

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
