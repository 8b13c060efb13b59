"""Turning a service's refusal into a page, the same way in every app.

NotFound → 404 (never 403 for what the user may not see: that would confirm it exists),
unless it names a field of the form (a person or task chosen that is gone or out of scope):
then it is shown there. NotPermitted → the 403 page. Someone acted first (InvalidTransition,
and whatever else the app counts as stale) → a message and back to where the current state
shows. Any other ApplicationError → its reasons on the form, which is shown again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from duban.core.forms import show_service_errors
from duban.core.reasons import localize
from duban.errors import ApplicationError, InvalidTransition, NotFound, NotPermitted

T = TypeVar("T")


def forbidden(
    request: HttpRequest,
    message: Any,
    *,
    detail: Any = None,
    back_url: str | None = None,
    back_label: Any = None,
) -> HttpResponse:
    """The 403 page: what is not allowed, an optional detail, and a way back."""
    context = {"message": message, "detail": detail, "back_url": back_url, "back_label": back_label}
    return render(request, "core/forbidden.html", context, status=403)


def found(read: Callable[[], T]) -> T:
    """The result of a scoped read; its NotFound as a 404 page."""
    try:
        return read()
    except NotFound as error:
        raise Http404(error.message) from error


def perform(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: Any,
    done_url: Callable[[T], str],
    show_errors: Callable[[ApplicationError], None],
    refused: Callable[[NotPermitted], HttpResponse],
    stale_message: Callable[[ApplicationError], Any],
    stale_url: str | None = None,
    stale_errors: tuple[type[ApplicationError], ...] = (InvalidTransition,),
) -> HttpResponse | None:
    """Run one service call and answer as the page should; None means "show the form again".

    success is the message (or a function of the result giving it); done_url(result) where
    to go then. stale_url is where the current state shows (default: this page).
    """
    try:
        result = call()
    except NotFound as error:
        if not error.fields:
            raise Http404(error.message) from error
        show_errors(error)
        return None
    except NotPermitted as error:
        return refused(error)
    except stale_errors as error:
        messages.warning(request, stale_message(error))
        return redirect(stale_url or request.get_full_path())
    except ApplicationError as error:
        show_errors(error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(done_url(result))


@dataclass(frozen=True)
class FormRefusals:
    """How one app's form pages answer a refusal: its 403 page (given the request and the
    reason in the UI language)."""

    forbidden: Callable[[HttpRequest, str], HttpResponse]

    def perform(
        self,
        request: HttpRequest,
        call: Callable[[], T],
        *,
        form: Any,
        success: Any,
        done_url: Callable[[T], str],
        stale_url: str | None = None,
        aliases: dict[str, str] | None = None,
    ) -> HttpResponse | None:
        """perform() for a page with one form: the reasons go on it."""
        return perform(
            request,
            call,
            success=success,
            done_url=done_url,
            show_errors=lambda error: show_service_errors(form, error, aliases=aliases),
            refused=lambda error: self.forbidden(request, localize(error.message)),
            stale_message=lambda error: localize(error.message),
            stale_url=stale_url,
        )
