"""What the accountability pages share: who may open them and how refusals look."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from duban.accountability import selectors
from duban.accountability.models import AccountabilityCase
from duban.core.roles import SUPERVISORS
from duban.core.scope import scope_of
from duban.core.web import refusals


def forbidden(request: HttpRequest, message: Any = "") -> HttpResponse:
    """403 for a user whose role has no accountability pages at all."""
    return refusals.forbidden(
        request,
        _(
            "Accountability cases, the political-supervision ledger and their statistics are "
            "for discipline commission supervisors."
        ),
        detail=message,
    )


def supervisors_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages for commission supervisors (and admins); others get a 403 page."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not scope_of(request.user).holds_anywhere(SUPERVISORS):
            return forbidden(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def load_case(request: HttpRequest, pk: int) -> AccountabilityCase:
    """The case if the user may see it; 404 otherwise (never 403: that would confirm it)."""
    return refusals.found(lambda: selectors.case_get(user=request.user, pk=pk))
