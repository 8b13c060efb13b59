"""Accountability case pages: the list, opening a case, the case with its findings and
sanctions, and the forms behind them (each POST calls one service).

Refusals: a case the user may not see → 404; a role without accountability pages → 403 page;
a supervisor of another commission acting on a visible case → 403 page; other
ApplicationErrors → the form again (400) with per-field reasons.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from duban.accountability import selectors, services
from duban.accountability.choices import ORGANIZATIONAL_HANDLING, CaseSource, CaseState
from duban.accountability.forms import (
    CarriedOutForm,
    CaseOpenForm,
    FindingForm,
    ReviewDecisionForm,
    SanctionForm,
    WithdrawalForm,
    show_errors,
)
from duban.accountability.models import AccountabilityCase
from duban.accountability.views.listings import CASES
from duban.accountability.views.support import forbidden, load_case, supervisors_only
from duban.core import clock
from duban.core import selectors as core_selectors
from duban.core.dashboard import todo_narrow
from duban.core.web import refusals
from duban.core.web.lists import list_response
from duban.core.web.params import (
    GET_POST,
    get_choice,
    get_text,
    int_param,
    posted,
    posted_files,
    uploads_of,
)
from duban.errors import NotFound
from duban.supervision.models import DirectInvestigation
from duban.supervision.selectors import supervisor_commissions
from duban.verification.models import Signal


def detail_url(case: AccountabilityCase) -> str:
    return reverse("accountability-case-detail", args=[case.pk])


@require_GET
@supervisors_only
def case_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.CaseFilter(
        query=get_text(request, "q", max_length=100),
        state=get_choice(request, "state", CaseState.values),
        source=get_choice(request, "source", CaseSource.values),
        problem=get_text(request, "problem", max_length=32) or None,
    )
    cases, todo = todo_narrow(request, selectors.case_list(user=request.user, filters=filters))
    return list_response(
        request,
        CASES,
        cases,
        "accountability/case_list.html",
        {
            "todo": todo,
            "filters": filters,
            "sources": CaseSource.choices,
            "states": CaseState.choices,
            "overdue": selectors.handling_overdue(user=request.user, today=clock.today()),
            "can_open": supervisor_commissions(request.user).exists(),
        },
    )


def _case_context(request: HttpRequest, case: AccountabilityCase, **forms: Any) -> dict[str, Any]:
    user = request.user
    findings = [(f.pk, f"#{f.pk} {f}") for f in case.findings.all() if not f.withdrawn_on]
    return {
        "case": case,
        "can_work": selectors.can_work_on(user=user, case=case),
        "cited": selectors.cited_events(case=case),
        "overdue": selectors.handling_overdue(user=user, today=clock.today()).filter(case=case),
        "handling_measures": ORGANIZATIONAL_HANDLING,
        "today": clock.today(),
        "finding_form": forms.get("finding_form") or _finding_form(request, case, bound=False),
        "sanction_form": forms.get("sanction_form") or SanctionForm(findings=findings),
        "carried_out_form": forms.get("carried_out_form") or CarriedOutForm(),
        "carried_out_for": forms.get("carried_out_for"),
        "review_form": forms.get("review_form") or ReviewDecisionForm(),
        "withdrawal_form": forms.get("withdrawal_form") or WithdrawalForm(),
        "withdrawal_for": forms.get("withdrawal_for"),
        "review_for": forms.get("review_for"),
    }


def _finding_form(
    request: HttpRequest, case: AccountabilityCase, *, bound: bool = True
) -> FindingForm:
    """The finding form (bound to a POST): people and organizations to pick, the case's
    timeline events to tick."""
    user = request.user
    return FindingForm(
        posted(request) if bound else None,
        posted_files(request) if bound else None,
        people=core_selectors.person_list(user=user),
        organizations=core_selectors.organization_list(user=user),
        events=selectors.citable_events(user=user, case=case),
    )


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk)
    return render(request, "accountability/case_detail.html", _case_context(request, case))


def case_page(
    request: HttpRequest, case: AccountabilityCase, *, status: int, **forms: Any
) -> HttpResponse:
    """The case page again, with a refused form and its errors."""
    context = _case_context(request, case, **forms)
    return render(request, "accountability/case_detail.html", context, status=status)


def _act(
    request: HttpRequest,
    case: AccountabilityCase,
    call: Any,
    form: Any,
    *,
    success: str,
    form_name: str,
    **extra: Any,
) -> HttpResponse:
    """Run one service call; on refusal show the case again with the form and its errors."""
    done = refusals.perform(
        request,
        call,
        success=success,
        done_url=lambda _result: detail_url(case),
        show_errors=lambda error: show_errors(form, error, file="evidence", on="on"),
        refused=lambda error: forbidden(request, error.message),
        stale_message=lambda error: error.message,
        stale_url=detail_url(case),
    )
    if done:
        return done
    context = _case_context(request, case, **{form_name: form}, **extra)
    return render(request, "accountability/case_detail.html", context, status=400)


@require_POST
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk)
    form = _finding_form(request, case)
    if not form.is_valid():
        context = _case_context(request, case, finding_form=form)
        return render(request, "accountability/case_detail.html", context, status=400)

    return _act(
        request,
        case,
        lambda: services.finding_record(
            actor=request.user,
            case_id=case.pk,
            responsibility=form.cleaned_data["responsibility"],
            facts=form.cleaned_data["facts"],
            event_seqs=form.cleaned_data["event_seqs"],
            uploads=uploads_of(form.cleaned_data["evidence"]),
            **form.target_kwargs(),
        ),
        form,
        success=gettext("Finding recorded."),
        form_name="finding_form",
    )


@require_POST
def sanction_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk)
    findings = [(f.pk, f"#{f.pk} {f}") for f in case.findings.all() if not f.withdrawn_on]
    form = SanctionForm(request.POST, findings=findings)
    if not form.is_valid():
        context = _case_context(request, case, sanction_form=form)
        return render(request, "accountability/case_detail.html", context, status=400)
    data = form.cleaned_data
    return _act(
        request,
        case,
        lambda: services.sanction_decide(
            actor=request.user,
            case_id=case.pk,
            finding_id=data["finding"],
            measure=data["measure"],
            rank=data["rank"],
            decided_by=data["decided_by"],
            decided_on=data["decided_on"],
            is_public=data["is_public"],
            months=data["months"],
        ),
        form,
        success=gettext("Sanction recorded."),
        form_name="sanction_form",
    )


@require_POST
def sanction_carried_out(request: HttpRequest, pk: int, sanction_pk: int) -> HttpResponse:
    case = load_case(request, pk)
    if not any(s.pk == sanction_pk for s in case.sanctions.all()):
        raise Http404("sanction not found")
    form = CarriedOutForm(request.POST)
    if not form.is_valid():
        context = _case_context(request, case, carried_out_form=form, carried_out_for=sanction_pk)
        return render(request, "accountability/case_detail.html", context, status=400)
    return _act(
        request,
        case,
        lambda: services.sanction_carried_out(
            actor=request.user, sanction_id=sanction_pk, on=form.cleaned_data["on"]
        ),
        form,
        success=gettext("Organizational handling recorded as carried out."),
        form_name="carried_out_form",
        carried_out_for=sanction_pk,
    )


def _case_origin(
    user: Any, url: QueryDict, posted_data: QueryDict
) -> tuple[Signal | None, DirectInvestigation | None]:
    """The confirmed signal named in the address (?signal=ID, to preselect it) and the direct
    investigation a new case comes from (?investigation=ID, or the form's hidden field);
    Http404 for one the user may not open a case from."""
    try:
        signal_id, investigation_id = (
            int_param(url, "signal"),
            int_param(posted_data, "investigation"),
        )
        signal = selectors.signal_for_case(user=user, pk=signal_id) if signal_id else None
        investigation = (
            selectors.investigation_for_case(user=user, pk=investigation_id)
            if investigation_id
            else None
        )
    except NotFound as error:
        raise Http404(error.message) from error
    return signal, investigation


def _case_open_initial(
    source: QueryDict, signal: Signal | None, investigation: DirectInvestigation | None
) -> dict[str, Any]:
    """The form's problems (named, or those of the signal's task or the investigation) and
    source, filled in."""
    named = source.get("problems", "") or source.get("problem", "")
    codes = [code.strip() for code in named.replace("，", ",").split(",") if code.strip()]
    if not codes and signal is not None and signal.task is not None:
        codes = [signal.task.problem.code]
    if not codes and investigation is not None:
        codes = [investigation.problem.code]
    return {
        "problems": codes[:50],
        "signal": signal,
        "source": CaseSource.SIGNAL
        if signal
        else CaseSource.INVESTIGATION
        if investigation
        else CaseSource.HANDOVER,
    }


def _case_open_submit(
    user: Any,
    data: dict[str, Any],
    *,
    signal: Signal | None,
    investigation: DirectInvestigation | None,
) -> AccountabilityCase:
    """Open the case the valid form describes, from the signal or investigation it names."""
    return services.case_open(
        actor=user,
        commission=data["commission"],
        title=data["title"],
        problems=selectors.problems_for_case(
            user=user, codes=[problem.code for problem in data["problems"]]
        ),
        source=data["source"],
        summary=data["summary"],
        signal=signal,
        investigation=investigation,
    )


@require_http_methods(GET_POST)
@supervisors_only
def case_open(request: HttpRequest) -> HttpResponse:
    """Open a case from a problem page (?problem=CODE), a confirmed signal (?signal=ID) or a
    direct investigation (?investigation=ID)."""
    user = request.user
    commissions = supervisor_commissions(user)
    if not commissions.exists():
        return forbidden(
            request, gettext("Only supervisors of a discipline commission open cases.")
        )
    source = request.POST if request.method == "POST" else request.GET
    signal, investigation = _case_origin(user, request.GET, source)
    initial = _case_open_initial(source, signal, investigation)
    form = CaseOpenForm(
        posted(request),
        commissions=commissions,
        signals=selectors.signals_for_case(user),
        problems=selectors.problems_supervised(user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = refusals.perform(
            request,
            lambda: _case_open_submit(
                user, data, signal=data["signal"], investigation=investigation
            ),
            success=lambda case: gettext("Case %(number)s opened.") % {"number": case.number},
            done_url=detail_url,
            show_errors=lambda error: show_errors(form, error),
            refused=lambda error: forbidden(request, error.message),
            stale_message=lambda error: error.message,
            stale_errors=(),  # nothing to be stale about: a new case's refusals go on the form
        )
        if done:
            return done
    context = {"form": form, "signal": signal, "investigation": investigation}
    status = 400 if form.is_bound else 200
    return render(request, "accountability/case_open.html", context, status=status)


@require_POST
def finding_withdraw(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    """Withdraw a finding with a reason (a finding is never edited in place)."""
    case = load_case(request, pk)
    form = WithdrawalForm(request.POST)
    if not form.is_valid():
        return case_page(request, case, status=400, withdrawal_form=form, withdrawal_for=finding_pk)
    return _act(
        request,
        case,
        lambda: services.finding_withdraw(
            actor=request.user, finding_id=finding_pk, reason=form.cleaned_data["reason"]
        ),
        form,
        success=gettext("Finding withdrawn."),
        form_name="withdrawal_form",
        withdrawal_for=finding_pk,
    )
