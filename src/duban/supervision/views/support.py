"""What the supervision pages share: refusals as pages, one service call, downloads.

NotFound → 404 (never 403 for what the user may not see); NotPermitted → 403 page;
InvalidTransition (someone acted first) → message and back; any other ApplicationError → the
form again (400) with per-field reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from duban.errors import ApplicationError, InvalidTransition, NotFound, NotPermitted
from duban.supervision.forms import service_message, show_service_errors


def forbidden(request: HttpRequest, message: Any = None) -> HttpResponse:
    text = message or _("Your role does not allow this.")
    return render(request, "supervision/forbidden.html", {"message": text}, status=403)


def perform(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    form: Any,
    success: Any,
    done_url: Callable[[Any], str],
    aliases: dict[str, str] | None = None,
) -> HttpResponse | None:
    """Run one service call; None means "show the form again" (its errors are on the form).

    A NotFound naming a field of the form (a team member, a task) is shown on that field.
    """
    try:
        result = call()
    except NotFound as error:
        if error.fields and any(name in form.fields for name in error.fields):
            show_service_errors(form, error, aliases)
            return None
        raise Http404(error.message) from error
    except NotPermitted:
        return forbidden(request)
    except InvalidTransition as error:
        messages.warning(request, service_message(error.message))
        return redirect(done_url(None))
    except ApplicationError as error:
        show_service_errors(form, error, aliases)
        return None
    messages.success(request, success)
    return redirect(done_url(result))


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
