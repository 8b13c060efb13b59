"""A list's bulk action on the page side: the ticked ids it posted, and the outcome told back
as messages — how many were done, and for each refused row why (field by field, in the UI
language), and how many of the ticked rows were not found."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from duban.core.bulk import MAX_SELECTED, BulkOutcome
from duban.core.reasons import localize
from duban.errors import ApplicationError, InvalidTransition, NotPermitted, Reason


def selected_ids(request: HttpRequest, name: str) -> list[int] | None:
    """The ticked rows' ids; None when the selection is not a list of ids or is too long."""
    values = request.POST.getlist(name)
    if len(values) > MAX_SELECTED or not all(v.isdigit() and len(v) <= 12 for v in values):
        return None
    return [int(value) for value in values]


def back_to(request: HttpRequest, default: str) -> str:
    """The list the form was posted from (its filters kept), if it is one of ours."""
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return back if back.startswith("/") and safe else default


def refusal_text(error: ApplicationError, fields: Mapping[str, str | Promise], row: Any) -> str:
    """Why the service refused one row: its reasons by field, else what kind of refusal."""
    reasons = [
        f"{fields[name]}：{localize(reason)}" if name in fields else localize(reason)
        for name, reason in error.fields.items()
        if isinstance(reason, Reason) and reason.ui is not None
    ]
    if reasons:
        return "；".join(reasons)
    if isinstance(error, NotPermitted):
        return gettext("your role may not do this")
    if isinstance(error, InvalidTransition) and hasattr(row, "get_state_display"):
        return gettext("not possible while it is %(state)s") % {"state": row.get_state_display()}
    return gettext("refused")


def report(
    request: HttpRequest,
    outcome: BulkOutcome[Any],
    *,
    done: Callable[[int], str],
    name_of: Callable[[Any], str],
    fields: Mapping[str, str | Promise] | None = None,
) -> None:
    """The outcome as messages: success for what was done, one warning per refused row."""
    if outcome.done:
        messages.success(request, done(len(outcome.done)))
    for row, error in outcome.refused:
        why = refusal_text(error, fields or {}, row)
        messages.warning(request, f"{name_of(row)}：{why}")
    if outcome.missing:
        messages.warning(
            request,
            gettext("Selected but not found (or outside your scope), left untouched: %(count)s.")
            % {"count": outcome.missing},
        )
    if not (outcome.done or outcome.refused or outcome.missing):
        messages.warning(request, gettext("Select at least one row."))
