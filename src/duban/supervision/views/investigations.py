"""Direct investigation (直查直办) pages, for supervisors of discipline commissions only.

Everyone else gets 403 on the list and the form, and 404 on an investigation: its plan,
team and findings stay internal. The problem's own page shows only that the commission took
the problem over (the investigation.opened event on the problem's timeline).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from duban.core import selectors as core_selectors
from duban.core.web.lists import list_response
from duban.core.web.params import GET_POST, posted
from duban.core.web.refusals import found
from duban.errors import NotFound
from duban.inspections import selectors as problem_selectors
from duban.inspections.models import Problem
from duban.supervision import selectors, services
from duban.supervision.choices import InvestigationState
from duban.supervision.errors import UNKNOWN
from duban.supervision.forms import (
    ConclusionForm,
    FindingsForm,
    InvestigationOpenForm,
    investigation_filter,
)
from duban.supervision.models import DirectInvestigation
from duban.supervision.permissions import can_investigate
from duban.supervision.views.listings import INVESTIGATIONS
from duban.supervision.views.support import forbidden, perform

INVESTIGATION_SUBJECT = DirectInvestigation._meta.label_lower


def _investigation(request: HttpRequest, pk: int) -> DirectInvestigation:
    return found(lambda: selectors.investigation_get(user=request.user, pk=pk))


def _detail_url(investigation: Any) -> str:
    return reverse("investigation-detail", args=[investigation.pk])


@require_GET
def investigation_list(request: HttpRequest) -> HttpResponse:
    if not selectors.is_investigator(user=request.user):
        return forbidden(request)
    filters = investigation_filter(request)
    investigations = selectors.investigation_list(user=request.user, **filters)
    return list_response(
        request,
        INVESTIGATIONS,
        investigations,
        "supervision/investigation_list.html",
        {
            "filters": filters,
            "states": InvestigationState.choices,
        },
    )


def _problem(request: HttpRequest, code: str) -> Problem:
    return found(lambda: problem_selectors.problem_get(user=request.user, code=code))


def _investigation_open(user: Any, data: dict[str, Any]) -> DirectInvestigation:
    """Open the investigation the valid form describes; a problem the user cannot see is
    refused on the form's problem field."""
    try:
        chosen = problem_selectors.problem_get(user=user, code=data["problem"].code)
    except NotFound as error:
        raise NotFound(error.message, fields={"problem": UNKNOWN()}) from error
    return services.investigation_open(
        actor=user,
        problem=chosen,
        commission=data["commission"],
        team=list(data["team"]),
        plan=data["plan"],
    )


@require_http_methods(GET_POST)
def investigation_new(request: HttpRequest) -> HttpResponse:
    """Open an investigation of a problem (?problem=CODE fills the code in)."""
    if not selectors.is_investigator(user=request.user):
        return forbidden(request)
    code = request.GET.get("problem", "")[:32]
    problem = _problem(request, code) if code else None
    form = InvestigationOpenForm(
        posted(request),
        commissions=selectors.investigation_commissions(user=request.user),
        people=selectors.investigation_team_options(user=request.user),
        problems=problem_selectors.problem_visible_to(request.user),
        initial={"problem": code},
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        done = perform(
            request,
            lambda: _investigation_open(request.user, data),
            form=form,
            success=gettext("Direct investigation opened."),
            done_url=_detail_url,
        )
        if done:
            return done
    return render(
        request,
        "supervision/investigation_form.html",
        {"form": form, "problem": problem},
        status=400 if form.is_bound else 200,
    )


def _detail_page(
    request: HttpRequest,
    investigation: DirectInvestigation,
    *,
    findings_form: FindingsForm | None = None,
    conclusion_form: ConclusionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    events = core_selectors.event_list_for(
        user=request.user, subject_type=INVESTIGATION_SUBJECT, subject_id=str(investigation.pk)
    )
    context = {
        "investigation": investigation,
        "may_investigate": can_investigate(actor=request.user, investigation=investigation),
        "findings_form": findings_form
        or FindingsForm(initial={"findings": investigation.findings}),
        "conclusion_form": conclusion_form or ConclusionForm(),
        "events": events,
    }
    return render(request, "supervision/investigation_detail.html", context, status=status)


@require_GET
def investigation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _investigation(request, pk))


@require_POST
def investigation_findings(request: HttpRequest, pk: int) -> HttpResponse:
    investigation = _investigation(request, pk)
    form = FindingsForm(request.POST)
    if form.is_valid():
        done = perform(
            request,
            lambda: services.investigation_record(
                actor=request.user,
                investigation_id=investigation.pk,
                findings=form.cleaned_data["findings"],
            ),
            form=form,
            success=gettext("Findings recorded."),
            done_url=lambda _result: _detail_url(investigation),
            stale_url=_detail_url(investigation),
        )
        if done:
            return done
    return _detail_page(request, investigation, findings_form=form, status=400)


@require_POST
def investigation_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    investigation = _investigation(request, pk)
    form = ConclusionForm(request.POST)
    if form.is_valid():
        done = perform(
            request,
            lambda: services.investigation_conclude(
                actor=request.user,
                investigation_id=investigation.pk,
                outcome=form.cleaned_data["outcome"],
            ),
            form=form,
            success=gettext("Direct investigation concluded."),
            done_url=lambda _result: _detail_url(investigation),
            stale_url=_detail_url(investigation),
        )
        if done:
            return done
    return _detail_page(request, investigation, conclusion_form=form, status=400)
