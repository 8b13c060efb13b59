"""What only the supervision pages say when a service refuses: their 403 wording, the way
back to the notices, and the reasons in supervision's wording (core.web.refusals does the
rest)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duban.core.forms import show_service_errors
from duban.core.web import refusals
from duban.supervision.forms import service_message


def forbidden(request: HttpRequest, message: Any = None) -> HttpResponse:
    return refusals.forbidden(
        request,
        message or _("Your role does not allow this."),
        back_url=reverse("notice-list"),
        back_label=_("Back to the supervision notices"),
    )


def perform(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    form: Any,
    success: Any,
    done_url: Callable[[Any], str],
    stale_url: str | None = None,
    aliases: dict[str, str] | None = None,
) -> HttpResponse | None:
    """Run one service call; None means "show the form again" (its errors are on the form)."""
    return refusals.perform(
        request,
        call,
        success=success,
        done_url=done_url,
        show_errors=lambda error: show_service_errors(
            form, error, translate=service_message, aliases=aliases
        ),
        refused=lambda _error: forbidden(request),
        stale_message=lambda error: service_message(error.message),
        stale_url=stale_url,
    )
