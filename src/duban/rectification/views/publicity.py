"""The public notice's objections (on the task page) and the filings with the office above
(their own list). Every answer comes from the services in rectification.services.publicity."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from duban.core.reasons import localize
from duban.core.web import refusals
from duban.core.web.lists import list_response
from duban.core.web.params import GET_POST, get_choice, posted
from duban.errors import ApplicationError
from duban.rectification import selectors, services
from duban.rectification.choices import FilingState
from duban.rectification.forms import (
    FilingRejectForm,
    ObjectionAnswerForm,
    ObjectionForm,
    show_service_errors,
)
from duban.rectification.permissions import filing_reject_refusal
from duban.rectification.views.listings import FILINGS
from duban.rectification.views.task_support import (
    action_page,
    load_task,
    perform,
    refused_action,
)


@require_http_methods(GET_POST)
def task_objection(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an objection received during the public notice."""
    task = load_task(request, pk)
    form = ObjectionForm(posted(request))
    if request.method == "GET":
        if refused := refused_action(request, task, "objection"):
            return refused
    elif form.is_valid():
        done = perform(
            request,
            task,
            lambda: services.objection_record(
                actor=request.user, task_id=task.pk, **form.cleaned_data
            ),
            on_error=lambda error: show_service_errors(form, error),
            success=gettext("Objection recorded: the task cannot be closed until it is answered."),
        )
        if done:
            return done
    status = 400 if form.is_bound else 200
    return action_page(request, "task_objection.html", task, {"form": form}, status=status)


@require_POST
def task_objection_answer(request: HttpRequest, pk: int, objection_pk: int) -> HttpResponse:
    """Answer an open objection in writing (upheld: the task goes back to the unit)."""
    task = load_task(request, pk)
    objection = refusals.found(
        lambda: selectors.objection_get(user=request.user, pk=objection_pk, task=task)
    )
    form = ObjectionAnswerForm(request.POST)
    if form.is_valid():
        upheld = form.cleaned_data["upheld"]
        done = perform(
            request,
            task,
            lambda: services.objection_answer(
                actor=request.user,
                objection_id=objection.pk,
                answer=form.cleaned_data["answer"],
                upheld=upheld,
            ),
            on_error=lambda error: show_service_errors(form, error),
            success=gettext("Objection upheld: the task was returned to the unit.")
            if upheld
            else gettext("Objection answered."),
        )
        if done:
            return done
    context = {"form": form, "objection": objection}
    return action_page(request, "task_objection_answer.html", task, context, status=400)


@require_GET
def filing_list(request: HttpRequest) -> HttpResponse:
    """备案销号: the close-outs filed with the user's offices, and those of tasks they see."""
    state = get_choice(request, "state", FilingState.values)
    return list_response(
        request,
        FILINGS,
        selectors.filing_list(user=request.user, state=state),
        "rectification/filings.html",
        {"state": state, "states": FilingState.choices},
        per_page=lambda page: {"rows": _filing_rows(request.user, page)},
    )


def _filing_rows(user: Any, page: Page) -> list[dict[str, Any]]:
    """The page's filings, each with whether this user may reject it (the service's rule)."""
    return [
        {"filing": filing, "can_reject": filing_reject_refusal(actor=user, filing=filing) is None}
        for filing in page.object_list
    ]


@require_POST
def filing_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """The office above rejects a filing within its period: the task is reopened."""
    filing = refusals.found(lambda: selectors.filing_get(user=request.user, pk=pk))
    form = FilingRejectForm(request.POST)
    back = reverse("filing-list")
    if form.is_valid():
        done = refusals.perform(
            request,
            lambda: services.filing_reject(
                actor=request.user, filing_id=filing.pk, reason=form.cleaned_data["reason"]
            ),
            success=gettext("Filing rejected: the task is reopened."),
            done_url=lambda _filing: back,
            show_errors=lambda error: show_service_errors(form, error),
            refused=lambda _error: refusals.forbidden(
                request, gettext("Your role does not allow this action."), back_url=back
            ),
            stale_message=stale_message,
            stale_url=back,
        )
        if done:
            return done
    context = {"form": form, "filing": filing}
    return render(request, "rectification/filing_reject.html", context, status=400)


def stale_message(error: ApplicationError) -> str:
    """A late or repeated rejection: the reason in the UI language, else a generic message."""
    if "action" in error.fields:
        return localize(error.fields["action"])
    return gettext("This filing was already decided.")
