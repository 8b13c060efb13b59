"""Data-truth pages: signals, site checks, verifying a claim, a unit's data quality.

Thin: parse the request, call one selector or service, render. Refusals: NotFound → 404
(never 403 for what the user may not see), NotPermitted → 403 page, InvalidTransition (the
signal was decided by someone else first) → message and back to the signal, any other
ApplicationError → the form again (400) with per-field reasons.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from duban.core import selectors as core_selectors
from duban.core.dashboard import todo_narrow
from duban.core.pickers import PICK_LIMIT, Option, person_option, picker_view
from duban.core.reasons import localize
from duban.core.web import refusals
from duban.core.web.lists import list_response
from duban.core.web.params import GET_POST, int_list, posted, posted_files, uploads_of
from duban.errors import NotFound
from duban.rectification import selectors as task_selectors
from duban.verification import selectors, services
from duban.verification.choices import SignalKind, SignalStatus
from duban.verification.errors import SITE_CHECK_REFUSED, VERIFICATION_REFUSED
from duban.verification.forms import (
    DecisionForm,
    ReferralForm,
    SignalFilterForm,
    SiteCheckForm,
    VerificationForm,
)
from duban.verification.listings import SIGNALS, SITE_CHECKS
from duban.verification.models import Signal, SiteCheck

# The services' own refusals, shown before a form is offered to someone who may not use it.
RECORD_REFUSED = SITE_CHECK_REFUSED()
VERIFY_REFUSED = VERIFICATION_REFUSED()
KIND_LABELS = dict(SignalKind.choices)


def _forbidden(request: HttpRequest, message: Any) -> HttpResponse:
    return refusals.forbidden(
        request, message, back_url=reverse("signal-list"), back_label=_("Back to the signals")
    )


REFUSALS = refusals.FormRefusals(forbidden=_forbidden)


# Signals


@require_GET
def signal_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = SignalFilterForm(
        request.GET,
        units=selectors.signal_unit_choices(user=user),
        regions=selectors.signal_region_choices(user=user),
    )
    signals, todo = todo_narrow(request, selectors.signal_list(user=user, filters=form.to_filter()))
    context = {"form": form, "todo": todo}
    return list_response(request, SIGNALS, signals, "verification/signal_list.html", context)


def _load_signal(request: HttpRequest, pk: int) -> Signal:
    return refusals.found(lambda: selectors.signal_get(user=request.user, pk=pk))


def _signal_page(
    request: HttpRequest,
    signal: Signal,
    *,
    decision: DecisionForm | None = None,
    referral: ReferralForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    events = core_selectors.event_list_for(
        user=user, subject_type="verification.signal", subject_id=str(signal.pk)
    )
    may_decide = selectors.oversees(
        user=user, region=selectors.signal_region(signal), unit=signal.unit
    )
    awaits_decision = selectors.decision_refusal(signal) is None
    context = {
        "signal": signal,
        "evidence": selectors.signal_evidence(user=user, signal=signal),
        "events": events,
        "awaits_decision": awaits_decision,
        "can_decide": may_decide and awaits_decision,
        "can_refer": may_decide and selectors.referral_refusal(signal) is None,
        "decision_form": decision or DecisionForm(),
        "referral_form": referral or ReferralForm(),
    }
    return render(request, "verification/signal_detail.html", context, status=status)


@require_GET
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _signal_page(request, _load_signal(request, pk))


@require_POST
def signal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _load_signal(request, pk)
    detail = reverse("signal-detail", args=[signal.pk])
    form = DecisionForm(request.POST)
    if form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        done = REFUSALS.perform(
            request,
            lambda: services.signal_decide(
                actor=request.user,
                signal_id=signal.pk,
                confirm=confirm,
                reason=form.cleaned_data["reason"],
            ),
            form=form,
            success=_("The signal was confirmed.") if confirm else _("The signal was dismissed."),
            done_url=lambda _result: detail,
            stale_url=detail,
        )
        if done:
            return done
    return _signal_page(request, signal, decision=form, status=400)


@require_POST
def signal_refer(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _load_signal(request, pk)
    detail = reverse("signal-detail", args=[signal.pk])
    form = ReferralForm(request.POST)
    if form.is_valid():
        done = REFUSALS.perform(
            request,
            lambda: services.signal_refer(
                actor=request.user, signal_id=signal.pk, note=form.cleaned_data["note"]
            ),
            form=form,
            success=_("The signal was referred to the discipline commission."),
            done_url=lambda _result: detail,
            stale_url=detail,
        )
        if done:
            return done
    return _signal_page(request, signal, referral=form, status=400)


# Site checks


@require_GET
def site_check_list(request: HttpRequest) -> HttpResponse:
    checks = selectors.site_check_list(user=request.user)
    context = {"may_record": selectors.oversees_anywhere(user=request.user)}
    return list_response(request, SITE_CHECKS, checks, "verification/site_check_list.html", context)


@require_GET
def site_check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = refusals.found(lambda: selectors.site_check_get(user=request.user, pk=pk))
    return render(request, "verification/site_check_detail.html", {"check": check})


def _site_check_initial(request: HttpRequest) -> dict[str, Any]:
    """?task=<id> (from a task page) preselects the task and its region."""
    task_id = request.GET.get("task", "")
    if not task_id.isdigit() or len(task_id) > 18:
        return {}
    try:
        task = task_selectors.task_get(user=request.user, pk=int(task_id))
    except NotFound:
        return {}
    return {"tasks": [task.pk], "region": task.problem.region_id}


def _site_check_form(request: HttpRequest) -> SiteCheckForm:
    """The site check form, bound when posted, offering what the user may choose from."""
    user = request.user
    return SiteCheckForm(
        posted(request),
        posted_files(request),
        initial=_site_check_initial(request),
        organizations=selectors.site_check_organizations(user=user),
        regions=core_selectors.region_list(),
        people=core_selectors.person_list(user=user),
        tasks=selectors.site_check_task_choices(user=user),
    )


def _site_check_record(user: Any, data: dict[str, Any]) -> SiteCheck:
    """Record the site check the valid form describes (the service decides if the user may)."""
    return services.site_check_record(
        actor=user,
        organization=data["organization"],
        checked_on=data["checked_on"],
        region=data["region"],
        place=data["place"],
        findings=data["findings"],
        inspectors=list(data["inspectors"]),
        tasks=list(data["tasks"]),
        passed=data["passed"],
        unannounced=data["unannounced"],
        latitude=data["latitude"],
        longitude=data["longitude"],
        uploads=uploads_of(data["evidence"]),
    )


@require_http_methods(GET_POST)
def site_check_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.oversees_anywhere(user=user):
        return _forbidden(request, localize(RECORD_REFUSED))
    form = _site_check_form(request)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        done = REFUSALS.perform(
            request,
            lambda: _site_check_record(user, data),
            form=form,
            aliases={"file": "evidence"},
            success=_("The site check was recorded."),
            done_url=lambda check: reverse("site-check-detail", args=[check.pk]),
        )
        if done:
            return done
    status = 400 if form.is_bound else 200
    return render(request, "verification/site_check_form.html", {"form": form}, status=status)


# Verifying a claim


@require_http_methods(GET_POST)
def claim_verify(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    try:
        claim = selectors.claim_get(user=user, pk=pk)
        verifications = selectors.verification_list(user=user, claim_id=pk)
    except NotFound as error:
        raise Http404(error.message) from error
    if not selectors.oversees(
        user=user, region=claim.task.problem.region_id, unit=claim.task.lead_unit
    ):
        return _forbidden(request, localize(VERIFY_REFUSED))
    form = VerificationForm(
        posted(request),
        people=core_selectors.person_list(user=user),
        site_checks=selectors.site_check_list(user=user, task=claim.task_id),
        task_id=claim.task_id,
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        done = REFUSALS.perform(
            request,
            lambda: services.verification_record(
                actor=user,
                claim_id=claim.pk,
                verified_value=data["verified_value"],
                method=data["method"],
                checker=data["checker"],
                verified_on=data["verified_on"],
                site_check=data["site_check"],
                note=data["note"],
            ),
            form=form,
            success=_("The verification was recorded."),
            done_url=lambda _result: reverse("claim-verify", args=[claim.pk]),
        )
        if done:
            return done
    context = {"claim": claim, "form": form, "verifications": verifications}
    status = 400 if form.is_bound else 200
    return render(request, "verification/claim_verify.html", context, status=status)


# A unit's data quality


@require_GET
def unit_data_quality(request: HttpRequest, pk: int) -> HttpResponse:
    quality = refusals.found(lambda: selectors.unit_data_quality(user=request.user, unit_id=pk))
    return render(
        request,
        "verification/unit_data_quality.html",
        {
            "quality": quality,
            "statuses": SignalStatus.choices,
            "signal_rows": signal_table(quality.signals_by_kind),
        },
    )


def signal_table(counts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """{kind, status, count} rows as one row per kind with a count per status."""
    rows: dict[str, dict[str, Any]] = {}
    for row in counts:
        entry = rows.setdefault(
            row["kind"],
            {
                "kind": row["kind"],
                "label": KIND_LABELS.get(row["kind"], row["kind"]),
                "counts": dict.fromkeys(SignalStatus.values, 0),
            },
        )
        entry["counts"][row["status"]] = row["count"]
    for entry in rows.values():
        entry["cells"] = [entry["counts"][status] for status in SignalStatus.values]
        entry["total"] = sum(entry["cells"])
    return list(rows.values())


def _pick_inspectors(user: Any, query: str, params: Any) -> list[Option]:
    """People who may check the chosen tasks (`tasks`): none of their lead units' staff."""
    task_ids = int_list(params, "tasks")
    rows = selectors.independent_people(user=user, query=query, task_ids=task_ids)
    return [person_option(person) for person in rows[: PICK_LIMIT + 1]]


pick_inspectors = picker_view(_pick_inspectors)
