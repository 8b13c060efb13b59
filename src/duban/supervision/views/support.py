"""What only the supervision pages say when a service refuses: their 403 wording, the way
back to the notices, and the reasons in supervision's wording (core.web.refusals does the
rest)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duban.core.web import refusals


def forbidden(request: HttpRequest, message: Any = None) -> HttpResponse:
    return refusals.forbidden(
        request,
        message or _("Your role does not allow this."),
        back_url=reverse("notice-list"),
        back_label=_("Back to the supervision notices"),
    )


# The 403 page keeps its own sentence rather than the service's reason.
REFUSALS = refusals.FormRefusals(forbidden=lambda request, _reason: forbidden(request))
perform = REFUSALS.perform
