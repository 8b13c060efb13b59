"""Reviews of sanctions (复审/复核): the sanctioned person's page with their sanctions and the
request form, and the commission's decision on a case page. Each POST calls one service;
refusals come back on the form (400), a sanction or review out of reach is 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from duban.accountability import selectors, services
from duban.accountability.forms import ReviewDecisionForm, ReviewRequestForm, show_errors
from duban.accountability.views.cases import case_page, detail_url
from duban.accountability.views.support import load_case
from duban.core.web import refusals
from duban.core.web.params import posted


def _my_page(request: HttpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    context = {
        "sanctions": selectors.sanctions_of(request.user),
        "form": forms.get("form") or ReviewRequestForm(),
        "blank_form": ReviewRequestForm(),
        "form_for": forms.get("form_for"),
    }
    return render(request, "accountability/my_sanctions.html", context, status=status)


@require_GET
def my_sanctions(request: HttpRequest) -> HttpResponse:
    """The sanctions of the signed-in person, with their reviews and the request form."""
    return _my_page(request)


@require_POST
def review_request(request: HttpRequest, sanction_pk: int) -> HttpResponse:
    form = ReviewRequestForm(posted(request))
    if form.is_valid():
        data = form.cleaned_data
        done = refusals.perform(
            request,
            lambda: services.review_request(
                actor=request.user,
                sanction_id=sanction_pk,
                kind=data["kind"],
                grounds=data["grounds"],
            ),
            success=gettext("Review requested."),
            done_url=lambda _review: reverse("accountability-my-sanctions"),
            show_errors=lambda error: show_errors(form, error, sanction="kind"),
            refused=lambda error: refusals.forbidden(request, error.message),
            stale_message=lambda error: error.message,
        )
        if done:
            return done
    return _my_page(request, status=400, form=form, form_for=sanction_pk)


@require_POST
def review_decide(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    case = load_case(request, pk)
    form = ReviewDecisionForm(posted(request))
    if form.is_valid():
        data = form.cleaned_data
        done = refusals.perform(
            request,
            lambda: services.review_decide(
                actor=request.user,
                review_id=review_pk,
                outcome=data["outcome"],
                answer=data["answer"],
                measure=data["measure"],
                months=data["months"],
            ),
            success=gettext("Review decided."),
            done_url=lambda _review: detail_url(case),
            show_errors=lambda error: show_errors(form, error),
            refused=lambda error: refusals.forbidden(request, error.message),
            stale_message=lambda error: error.message,
            stale_url=detail_url(case),
        )
        if done:
            return done
    return case_page(request, case, status=400, review_form=form, review_for=review_pk)
