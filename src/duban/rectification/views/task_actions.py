"""The forms behind the unit's side of a task: simple moves, progress reports, closure requests.

GET shows an action's form on its own page; POST calls the service. Refusals: NotFound →
404, NotPermitted → 403 page, InvalidTransition (someone moved the task first) → message and
back to the task, other ApplicationErrors → the form again (400) with per-field reasons.
The reviewer's side (acceptance, extensions, look-backs) is in task_review.py.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from duban.core.web.params import GET_POST, posted, posted_files, uploads_of
from duban.rectification import rules, selectors, services
from duban.rectification.forms import (
    COMMON_UNITS,
    ClaimFormSet,
    ClosureRequestForm,
    ReportForm,
    TransitionForm,
    show_service_errors,
)
from duban.rectification.models import Task
from duban.rectification.permissions import reason_required
from duban.rectification.transitions import SPECIAL_ACTIONS, TRANSITIONS
from duban.rectification.views.task_support import (
    ACTION_LABELS,
    action_page,
    load_task,
    perform,
    refused_action,
)


@require_http_methods(GET_POST)
def task_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    task = load_task(request, pk)
    transition = TRANSITIONS.get(action)
    if transition is None or action in SPECIAL_ACTIONS:
        raise Http404("unknown action")
    form = TransitionForm(
        posted(request), needs_reason=reason_required(task=task, transition=transition)
    )
    label = ACTION_LABELS.get(action, action)
    if request.method == "GET":
        if refused := refused_action(request, task, action):
            return refused
    elif form.is_valid():
        done = perform(
            request,
            task,
            lambda: services.task_transition(
                actor=request.user,
                task_id=task.pk,
                action=action,
                reason=form.cleaned_data["reason"],
            ),
            on_error=lambda error: show_service_errors(form, error),
            success=gettext("%(action)s: done.") % {"action": label},
        )
        if done:
            return done
    context = {
        "form": form,
        "action": action,
        "label": label,
        "transition": transition,
        "completion_threshold": rules.COMPLETION_EXPLANATION_BELOW,
    }
    return action_page(
        request, "task_transition.html", task, context, status=400 if form.is_bound else 200
    )


def _claim_initial(task: Task) -> list[dict[str, Any]]:
    """One row per metric already claimed, so the unit reports the same figures again."""
    return [
        {"metric": claim.metric, "unit": claim.unit, "is_cumulative": claim.is_cumulative}
        for claim in selectors.latest_claims(task=task).values()
    ]


@require_http_methods(GET_POST)
def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    task = load_task(request, pk)
    data, files = posted(request), posted_files(request)
    form = ReportForm(data, files, initial={"percent": task.percent})
    claims = ClaimFormSet(data, prefix="claims", initial=_claim_initial(task))
    if request.method == "GET":
        if refused := refused_action(request, task, "report"):
            return refused
    elif form.is_valid() and claims.is_valid():
        rows = [index for index, row in enumerate(claims.forms) if row.has_changed()]
        done = perform(
            request,
            task,
            lambda: services.report_submit(
                actor=request.user,
                task_id=task.pk,
                narrative=form.cleaned_data["narrative"],
                percent=form.cleaned_data["percent"],
                period_day=form.cleaned_data["period_day"],
                claims=[claims.forms[index].to_input() for index in rows],
                uploads=uploads_of(form.cleaned_data["attachments"]),
            ),
            on_error=lambda error: show_service_errors(
                form,
                error,
                aliases={"file": "attachments", "period": "period_day"},
                claims=claims,
                claim_rows=rows,
            ),
            success=gettext("Progress report filed."),
        )
        if done:
            return done
    known = list(selectors.latest_claims(task=task).values())
    context = {
        "form": form,
        "claims": claims,
        "metrics": [(claim.metric, claim.unit) for claim in known],
        "units": list(dict.fromkeys([*(claim.unit for claim in known), *COMMON_UNITS])),
    }
    return action_page(
        request, "task_report.html", task, context, status=400 if form.is_bound else 200
    )


@require_http_methods(GET_POST)
def task_closure(request: HttpRequest, pk: int) -> HttpResponse:
    task = load_task(request, pk)
    data, files = posted(request), posted_files(request)
    form = ClosureRequestForm(data, files)
    if request.method == "GET":
        if refused := refused_action(request, task, "request_closure"):
            return refused
    elif form.is_valid():
        done = perform(
            request,
            task,
            lambda: services.closure_request(
                actor=request.user,
                task_id=task.pk,
                summary=form.cleaned_data["summary"],
                uploads=uploads_of(form.cleaned_data["evidence"]),
            ),
            on_error=lambda error: show_service_errors(form, error, aliases={"file": "evidence"}),
            success=gettext("Closure request submitted."),
        )
        if done:
            return done
    context = {"form": form}
    return action_page(
        request, "task_closure.html", task, context, status=400 if form.is_bound else 200
    )
