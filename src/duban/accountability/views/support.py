"""What the accountability pages share: who may open them and how refusals look."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from duban.accountability import selectors
from duban.accountability.models import AccountabilityCase
from duban.core.roles import SUPERVISORS
from duban.core.scope import scope_of
from duban.errors import NotFound


def forbidden(request: HttpRequest, message: Any = "") -> HttpResponse:
    """403 for a user whose role has no accountability pages at all."""
    return render(request, "accountability/forbidden.html", {"message": message}, status=403)


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
    try:
        return selectors.case_get(user=request.user, pk=pk)
    except NotFound as error:
        raise Http404(error.message) from error


def posted(request: HttpRequest) -> tuple[Any, Any]:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)
