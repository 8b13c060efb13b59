"""The forms behind the reviewer's side of a task: acceptance with the five tests, deadline
extensions (request and decision), look-backs. Same answers as task_actions.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from duban.core import selectors as core_selectors
from duban.core.web.params import GET_POST, posted
from duban.core.web.refusals import found
from duban.rectification import selectors, services
from duban.rectification.choices import TaskState
from duban.rectification.forms import (
    AcceptanceForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    LookBackForm,
    show_service_errors,
)
from duban.rectification.views.task_support import (
    action_page,
    load_task,
    perform,
    unavailable,
)


def _chosen_unit(request: HttpRequest) -> int | None:
    """The acceptance unit picked so far (form or ?acceptance_unit=), else the user's own."""
    chosen = request.POST.get("acceptance_unit") or request.GET.get("acceptance_unit") or ""
    if chosen.isdigit():
        return int(chosen)
    own = core_selectors.membership_list(user=request.user).first()
    return own.organization_id if own else None


@require_http_methods(GET_POST)
def task_acceptance(request: HttpRequest, pk: int) -> HttpResponse:
    task = load_task(request, pk)
    unit = _chosen_unit(request)
    people = core_selectors.person_list(user=request.user)
    form = AcceptanceForm(
        posted(request),
        units=core_selectors.organization_list(user=request.user),
        signers=people.filter(organization_id=unit) if unit else people.none(),
        initial={"acceptance_unit": unit},
        signers_url=reverse("task-acceptance-signers", args=[task.pk]),
    )
    if request.method == "GET":
        if not selectors.task_actions(user=request.user, task=task).can_accept:
            return unavailable(request, task)
    elif form.is_valid():
        done = perform(
            request,
            task,
            lambda: services.acceptance_record(
                actor=request.user,
                task_id=task.pk,
                acceptance_unit=form.cleaned_data["acceptance_unit"],
                signer=form.cleaned_data["signer"],
                tests=form.tests(),
                publicity_days=form.cleaned_data["publicity_days"],
            ),
            on_error=lambda error: show_service_errors(form, error),
            success=lambda task: (
                gettext("Accepted: the public notice has started.")
                if task.state == TaskState.PUBLICIZED
                else gettext("Not accepted: the task was returned to the unit with the reasons.")
            ),
        )
        if done:
            return done
    context = {"form": form}
    return action_page(
        request, "task_acceptance.html", task, context, status=400 if form.is_bound else 200
    )


@require_http_methods(GET_POST)
def task_extension(request: HttpRequest, pk: int) -> HttpResponse:
    task = load_task(request, pk)
    form = ExtensionRequestForm(posted(request))
    if request.method == "GET":
        if not selectors.task_actions(user=request.user, task=task).can_request_extension:
            return unavailable(request, task)
    elif form.is_valid():
        done = perform(
            request,
            task,
            lambda: services.extension_request(
                actor=request.user,
                task_id=task.pk,
                new_deadline=form.cleaned_data["new_deadline"],
                reason=form.cleaned_data["reason"],
            ),
            on_error=lambda error: show_service_errors(form, error),
            success=gettext(
                "Extension requested; the deadline changes only when a reviewer approves it."
            ),
        )
        if done:
            return done
    context = {"form": form}
    return action_page(
        request, "task_extension.html", task, context, status=400 if form.is_bound else 200
    )


@require_POST
def task_extension_decide(request: HttpRequest, pk: int, extension_pk: int) -> HttpResponse:
    task = load_task(request, pk)
    extension = found(
        lambda: selectors.extension_get(user=request.user, pk=extension_pk, task=task)
    )
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        done = perform(
            request,
            task,
            lambda: services.extension_decide(
                actor=request.user,
                extension_id=extension.pk,
                approve=approve,
                note=form.cleaned_data["note"],
            ),
            on_error=lambda error: show_service_errors(form, error),
            success=gettext("Extension approved: the deadline has moved.")
            if approve
            else gettext("Extension rejected."),
            stale=_("This extension request was already decided by someone else."),
        )
        if done:
            return done
    context = {"form": form, "extension": extension}
    return action_page(request, "task_extension_decide.html", task, context, status=400)


@require_http_methods(GET_POST)
def task_lookback(request: HttpRequest, pk: int) -> HttpResponse:
    task = load_task(request, pk)
    form = LookBackForm(posted(request))
    if request.method == "GET":
        if not selectors.task_actions(user=request.user, task=task).can_look_back:
            return unavailable(request, task)
    elif form.is_valid():
        relapsed = form.cleaned_data["relapsed"]
        done = perform(
            request,
            task,
            lambda: services.lookback_record(
                actor=request.user,
                task_id=task.pk,
                findings=form.cleaned_data["findings"],
                relapsed=relapsed,
                cause=form.cleaned_data["cause"],
                checked_on=form.cleaned_data["checked_on"],
            ),
            on_error=lambda error: show_service_errors(form, error),
            success=gettext("Look-back recorded: the task is reopened.")
            if relapsed
            else gettext("Look-back recorded."),
        )
        if done:
            return done
    context = {"form": form}
    return action_page(
        request, "task_lookback.html", task, context, status=400 if form.is_bound else 200
    )
