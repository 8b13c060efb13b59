"""The forms behind the reviewer's side of a task: acceptance with the five tests, deadline
extensions (request and decision), look-backs. Same answers as task_actions.py."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from duban.core import selectors as core_selectors
from duban.core.models import Organization
from duban.core.web.params import GET_POST, posted
from duban.core.web.refusals import found
from duban.rectification import permissions, rules, selectors, services
from duban.rectification.choices import TaskKind, TaskState
from duban.rectification.forms import (
    AcceptanceForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    LookBackForm,
    show_service_errors,
)
from duban.rectification.models import Task
from duban.rectification.site_checks import site_checks_of
from duban.rectification.views.task_support import (
    action_page,
    load_task,
    perform,
    refused_action,
)


def _chosen_unit(request: HttpRequest, units: QuerySet[Organization]) -> int | None:
    """The acceptance unit picked so far (form or ?acceptance_unit=), else the user's own
    when it may accept, else the only one that may."""
    chosen = request.POST.get("acceptance_unit") or request.GET.get("acceptance_unit") or ""
    if chosen.isdigit():
        return int(chosen)
    own = core_selectors.membership_list(user=request.user).filter(organization__in=units)
    if first := own.first():
        return first.organization_id
    only = list(units.values_list("pk", flat=True)[:2])
    return only[0] if len(only) == 1 else None


def _acceptance_form(request: HttpRequest, task: Task) -> AcceptanceForm:
    """The acceptance form with the choices the acceptance rule allows for this task."""
    units = permissions.acceptance_units(task)
    unit = _chosen_unit(request, units)
    return AcceptanceForm(
        posted(request),
        units=units,
        signers=selectors.acceptance_signer_choices(task=task, unit_id=unit),
        initial={"acceptance_unit": unit},
        signers_url=reverse("task-acceptance-signers", args=[task.pk]),
        site_checks=site_checks_of(task.pk),
        staged=task.kind == TaskKind.ONGOING,
    )


def _record(request: HttpRequest, task: Task, form: AcceptanceForm) -> Task:
    """Call the one service for the form: staged acceptance (ongoing tasks) or acceptance."""
    data = form.cleaned_data
    common = {
        "actor": request.user,
        "task_id": task.pk,
        "acceptance_unit": data["acceptance_unit"],
        "signer": data["signer"],
        "site_check_id": data["site_check"],
        "document_check_reason": data["document_check_reason"],
    }
    if form.staged:
        return services.staged_acceptance_record(**common, summary=data["summary"])
    return services.acceptance_record(
        **common, tests=form.tests(), publicity_days=data["publicity_days"]
    )


def _recorded_message(task: Task) -> str:
    if task.state == TaskState.PUBLICIZED:
        return gettext("Accepted: the public notice has started.")
    if task.state == TaskState.UPHELD:
        return gettext("Staged acceptance recorded: completed for this stage, upheld long-term.")
    return gettext("Not accepted: the task was returned to the unit with the reasons.")


@require_http_methods(GET_POST)
def task_acceptance(request: HttpRequest, pk: int) -> HttpResponse:
    task = load_task(request, pk)
    form = _acceptance_form(request, task)
    if request.method == "GET":
        if refused := refused_action(request, task, "acceptance"):
            return refused
    elif form.is_valid():
        done = perform(
            request,
            task,
            lambda: _record(request, task, form),
            on_error=lambda error: show_service_errors(form, error),
            success=_recorded_message,
        )
        if done:
            return done
    context = {
        "form": form,
        "completion_explanation": selectors.completion_explanation(task=task),
        "completion_threshold": rules.COMPLETION_EXPLANATION_BELOW,
    }
    return action_page(
        request, "task_acceptance.html", task, context, status=400 if form.is_bound else 200
    )


@require_http_methods(GET_POST)
def task_extension(request: HttpRequest, pk: int) -> HttpResponse:
    task = load_task(request, pk)
    form = ExtensionRequestForm(posted(request))
    if request.method == "GET":
        if refused := refused_action(request, task, "extension"):
            return refused
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
        if refused := refused_action(request, task, "look_back"):
            return refused
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
