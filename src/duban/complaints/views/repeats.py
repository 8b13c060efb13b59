"""The complaint pages' repeats part: the repeat clusters page, the links panel on the
complaint's page (also a page of its own, where its forms come back to), and the link forms.

A form is offered exactly when the service would take it: the same permission functions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from duban.complaints import repeats
from duban.complaints.choices import ComplaintState
from duban.complaints.errors import NOT_PERMITTED
from duban.complaints.forms_repeats import (
    CreateProblemForm,
    JoinProblemForm,
    LinkRepeatForm,
    LinkTaskForm,
    ReopenTaskForm,
    UnlinkRepeatForm,
)
from duban.complaints.models import Complaint
from duban.complaints.permissions import may_dispatch
from duban.complaints.selectors import complaint_get
from duban.complaints.services import links
from duban.core.errors import UNKNOWN_OR_OUTSIDE_SCOPE
from duban.core.web import refusals
from duban.core.web.params import get_choice, get_int, get_region
from duban.core.web.refusals import found
from duban.errors import NotFound, NotPermitted
from duban.rectification.permissions import transition_refusal
from duban.rectification.transitions import TRANSITIONS

REFUSALS = refusals.FormRefusals(
    forbidden=lambda request, reason: refusals.forbidden(
        request,
        reason,
        back_url=reverse("complaint-repeats"),
        back_label=gettext_lazy("Back to the repeat clusters"),
    )
)
MAX_DAYS = 3650


@require_GET
def repeat_cluster_list(request: HttpRequest) -> HttpResponse:
    """Clusters of repeat complaints the user sees: linked to one first, or sharing a firm
    or address; filtered by region, window (days) and kind."""
    days = get_int(request, "days")
    days = min(max(days, 1), MAX_DAYS) if days else settings.DUBAN_COMPLAINT_REPEAT_DAYS
    region = get_region(request)
    kind = get_choice(request, "kind", repeats.CLUSTER_KINDS)
    filters = {"region": region or "", "days": days, "kind": kind or ""}
    clusters = repeats.repeat_clusters(user=request.user, region=region, days=days, kind=kind)
    kinds = [
        ("linked", gettext("Linked to one complaint")),
        ("firm", gettext("Same firm")),
        ("address", gettext("Same address")),
    ]
    context = {"clusters": clusters, "filters": filters, "kinds": kinds}
    return render(request, "complaints/repeats_list.html", context)


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    return found(lambda: complaint_get(user=request.user, pk=pk))


def _may_reopen(user: Any, task: Any) -> bool:
    return transition_refusal(actor=user, task=task, transition=TRANSITIONS["reopen"]) is None


def panel(
    request: HttpRequest, complaint: Complaint, forms: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Context for templates/complaints/_repeats.html on the complaint's page: its links,
    and the forms of the links the user may make now (bound ones when a post came back)."""
    forms = forms or {}
    found_links = repeats.complaint_links(user=request.user, complaint=complaint)
    dispatch = may_dispatch(request.user, complaint)
    open_for_links = complaint.state != ComplaintState.NOT_ACCEPTED
    offered: dict[str, Any] = {}
    if dispatch and complaint.state == ComplaintState.REGISTERED:
        offered["link"] = forms.get("link") or LinkRepeatForm(prefix="link")
    if dispatch and complaint.state == ComplaintState.LINKED:
        offered["unlink"] = forms.get("unlink") or UnlinkRepeatForm(prefix="unlink")
    if dispatch and open_for_links and complaint.problem_id is None:
        offered["join"] = forms.get("join") or JoinProblemForm(prefix="join")
        if complaint.truth in links.FOUND_TRUE:
            offered["create"] = forms.get("create") or CreateProblemForm(prefix="create")
    if dispatch:
        offered["task"] = forms.get("task") or LinkTaskForm(prefix="task")
    reopenable = [
        (task, forms.get(f"reopen-{task.pk}") or ReopenTaskForm(prefix=f"reopen-{task.pk}"))
        for task in found_links.tasks
        if task.state in links.FINISHED_TASK_STATES and _may_reopen(request.user, task)
    ]
    return {
        "repeats_panel": {
            "complaint": complaint,
            "links": found_links,
            "forms": offered,
            "reopenable": reopenable,
            "finished_states": links.FINISHED_TASK_STATES,
        }
    }


def _panel_page(
    request: HttpRequest, complaint: Complaint, forms: dict[str, Any] | None = None
) -> HttpResponse:
    context = {"complaint": complaint, **panel(request, complaint, forms)}
    return render(request, "complaints/repeats_links.html", context, status=400 if forms else 200)


@require_GET
def complaint_link_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The complaint's links panel on a page of its own (the forms come back here)."""
    return _panel_page(request, _complaint(request, pk))


def _links_url(complaint: Complaint) -> str:
    """Where a done link lands: the complaint's page, the panel on it."""
    return reverse("complaint-detail", args=[complaint.pk])


def _post(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[Any],
    prefix: str,
    call: Callable[[Any, Complaint], Any],
    success: str,
) -> HttpResponse:
    """Validate one panel form and run its service; its refusals go on the form, which comes
    back on the links page."""
    complaint = _complaint(request, pk)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        done = REFUSALS.perform(
            request,
            lambda: call(form.cleaned_data, complaint),
            form=form,
            success=success,
            done_url=lambda _result: _links_url(complaint),
            stale_url=_links_url(complaint),
        )
        if done:
            return done
    return _panel_page(request, complaint, {prefix: form})


def _dispatcher(request: HttpRequest, complaint: Complaint) -> None:
    """Who may not link is told so before the page looks up what they named (the service
    asks again, under its lock)."""
    if not may_dispatch(request.user, complaint):
        raise NotPermitted(NOT_PERMITTED(), code=NOT_PERMITTED.code)


def _unseen(field: str, ids: Any) -> NotFound:
    reason = UNKNOWN_OR_OUTSIDE_SCOPE(ids=ids)
    return NotFound(reason, code=f"{field}_not_found", fields={field: reason})


@require_POST
def complaint_link_repeat(request: HttpRequest, pk: int) -> HttpResponse:
    def call(data: dict[str, Any], complaint: Complaint) -> Complaint:
        _dispatcher(request, complaint)
        first = repeats.complaint_by_number(user=request.user, number=data["of"])
        if first is None:
            raise _unseen("of", data["of"])
        return links.complaint_link_repeat(
            actor=request.user, pk=complaint.pk, of_pk=first.pk, reason=data["reason"]
        )

    return _post(
        request,
        pk,
        form_class=LinkRepeatForm,
        prefix="link",
        call=call,
        success=gettext("Linked as a repeat."),
    )


@require_POST
def complaint_unlink_repeat(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        form_class=UnlinkRepeatForm,
        prefix="unlink",
        call=lambda data, complaint: links.complaint_unlink_repeat(
            actor=request.user, pk=complaint.pk, reason=data["reason"]
        ),
        success=gettext("Repeat link removed."),
    )


@require_POST
def complaint_join_problem(request: HttpRequest, pk: int) -> HttpResponse:
    def call(data: dict[str, Any], complaint: Complaint) -> Complaint:
        _dispatcher(request, complaint)
        problem = repeats.problem_by_code(user=request.user, code=data["problem"])
        if problem is None:
            raise _unseen("problem", data["problem"])
        return links.complaint_join_problem(actor=request.user, pk=complaint.pk, problem=problem)

    return _post(
        request,
        pk,
        form_class=JoinProblemForm,
        prefix="join",
        call=call,
        success=gettext("Complaint joined to the problem."),
    )


@require_POST
def complaint_create_problem(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        form_class=CreateProblemForm,
        prefix="create",
        call=lambda data, complaint: links.complaint_create_problem(
            actor=request.user,
            pk=complaint.pk,
            code=data["code"],
            title=data["title"],
            description=data["description"],
            categories=list(data["categories"]),
        ),
        success=gettext("Problem created from the complaint."),
    )


@require_POST
def complaint_link_task(request: HttpRequest, pk: int) -> HttpResponse:
    def call(data: dict[str, Any], complaint: Complaint) -> Any:
        _dispatcher(request, complaint)
        task = repeats.task_by_code(user=request.user, code=data["task"])
        if task is None:
            raise _unseen("task", data["task"])
        return links.complaint_link_task(actor=request.user, pk=complaint.pk, task=task)

    return _post(
        request,
        pk,
        form_class=LinkTaskForm,
        prefix="task",
        call=call,
        success=gettext("Complaint linked to the task."),
    )


@require_POST
def complaint_reopen_task(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    def call(data: dict[str, Any], complaint: Complaint) -> Any:
        task = repeats.linked_task(user=request.user, complaint=complaint, task_pk=task_pk)
        if task is None:
            raise NotFound(UNKNOWN_OR_OUTSIDE_SCOPE(ids=task_pk))
        return links.complaint_reopen_task(
            actor=request.user, pk=complaint.pk, task=task, reason=data["reason"]
        )

    return _post(
        request,
        pk,
        form_class=ReopenTaskForm,
        prefix=f"reopen-{task_pk}",
        call=call,
        success=gettext("Task reopened."),
    )
