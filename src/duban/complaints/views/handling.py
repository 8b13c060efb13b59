"""The complaint pages' handling part: the panel (`_handling.html`) with the forms for what the
user may do now — asked of the same functions the services ask — its own page
/complaints/<pk>/handling/, one POST address per action, and the written reply's .docx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from duban.complaints import forms_handling as f
from duban.complaints import reply
from duban.complaints.models import Complaint
from duban.complaints.selectors import complaint_get
from duban.complaints.services import handling, reviews
from duban.core.web import refusals
from duban.core.web.downloads import download
from duban.core.web.refusals import found

FORMS: dict[str, type[Any]] = {
    "acknowledge": f.AcknowledgeForm,
    "not_accept": f.NotAcceptForm,
    "extend": f.ExtendForm,
    "reply": f.ReplyForm,
    "handle": f.HandlingForm,
    "team_report": f.TeamReportForm,
    "follow_up": f.FollowUpForm,
    "review": f.ReviewRequestForm,
}
SUCCESS = {
    "acknowledge": _("Receipt acknowledged."),
    "not_accept": _("The complaint is not accepted."),
    "extend": _("The handling period is extended."),
    "reply": _("The written reply is saved."),
    "handle": _("The handling is recorded."),
    "team_report": _("Reported to the inspection team."),
    "follow_up": _("The call-back is recorded."),
    "review": _("The request is recorded."),
}


def _call(action: str, request: HttpRequest, pk: int, data: dict[str, Any]) -> Any:
    """The one service call an action makes (the form is valid)."""
    user = request.user
    calls: dict[str, Callable[[], Any]] = {
        "acknowledge": lambda: handling.complaint_acknowledge(
            actor=user, pk=pk, on=data["acknowledged_on"]
        ),
        "not_accept": lambda: handling.complaint_not_accept(
            actor=user, pk=pk, ground=data["ground"], reason=data["reason"]
        ),
        "extend": lambda: handling.complaint_extend(
            actor=user, pk=pk, days=data["days"], reason=data["reason"]
        ),
        "reply": lambda: handling.complaint_reply(
            actor=user, pk=pk, text=data["text"], on=data["replied_on"]
        ),
        "handle": lambda: handling.complaint_handle(
            actor=user, pk=pk, data=handling.HandlingIn(**data)
        ),
        "team_report": lambda: handling.complaint_team_report(
            actor=user, pk=pk, on=data["team_reported_on"]
        ),
        "follow_up": lambda: handling.complaint_follow_up(
            actor=user,
            pk=pk,
            on=data["followed_up_on"],
            satisfaction=data["satisfaction"],
            note=data["note"],
        ),
        "review": lambda: reviews.review_request(
            actor=user, pk=pk, grounds=data["grounds"], requested_on=data["requested_on"]
        ),
    }
    return calls[action]()


def _forbidden(request: HttpRequest, message: Any = None) -> HttpResponse:
    return refusals.forbidden(request, message or _("You may not do this with this complaint."))


REFUSALS = refusals.FormRefusals(forbidden=_forbidden)


def page_url(complaint: Complaint) -> str:
    """Where a done action lands: the complaint's page, the panel on it."""
    return reverse("complaint-detail", args=[complaint.pk])


def _initial(action: str, complaint: Complaint) -> dict[str, Any]:
    if action == "handle":
        names = ["truth", "investigation", "measures", "closure_target", "accountability"]
        names += [*handling.COUNTS, "fines_wan_yuan"]
        values = {name: getattr(complaint, name) for name in names}
        if complaint.state in handling.OUTCOMES:
            values["outcome"] = complaint.state
        return values
    if action == "reply":
        return {"text": complaint.reply}
    return {}


def panel(
    request: HttpRequest, complaint: Complaint, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Context for templates/complaints/_handling.html: the result so far, the reviews, and a
    form for each action the user may take now (`bound` holds one posted back with errors)."""
    user = request.user
    actions = handling.handling_actions(user, complaint)
    if reviews.may_request_review(user, complaint):
        actions.append("review")
    bound = bound or {}
    forms = {
        action: bound.get(action) or FORMS[action](initial=_initial(action, complaint))
        for action in actions
    }
    decidable = [
        (review, bound.get(f"decide-{review.pk}") or f.ReviewDecisionForm())
        for review in reviews.reviews_decidable(user, complaint)
    ]
    return {
        "handling": {
            "complaint": complaint,
            "forms": forms,
            "reviews": list(complaint.reviews.select_related("reviewer")),
            "decidable": decidable,
            "has_result": bool(complaint.truth or complaint.investigation or complaint.measures),
        }
    }


def _page(
    request: HttpRequest, complaint: Complaint, bound: dict[str, Any] | None = None
) -> HttpResponse:
    context = {"complaint": complaint, **panel(request, complaint, bound)}
    return render(request, "complaints/handling_page.html", context, status=400 if bound else 200)


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    return found(lambda: complaint_get(user=request.user, pk=pk))


@require_GET
def handling_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _complaint(request, pk))


@require_POST
def handling_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    complaint = _complaint(request, pk)
    if action not in FORMS:
        raise Http404("no such action")
    form = FORMS[action](request.POST)
    if form.is_valid():
        done = REFUSALS.perform(
            request,
            lambda: _call(action, request, complaint.pk, form.cleaned_data),
            form=form,
            success=gettext(str(SUCCESS[action])),
            done_url=lambda _result: page_url(complaint),
            stale_url=page_url(complaint),
        )
        if done:
            return done
    return _page(request, _complaint(request, pk), {action: form})


@require_POST
def review_decision(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    form = f.ReviewDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done = REFUSALS.perform(
            request,
            lambda: reviews.review_decide(
                actor=request.user,
                pk=complaint.pk,
                review_pk=review_pk,
                outcome=data["outcome"],
                decision=data["decision"],
            ),
            form=form,
            success=gettext("The decision is recorded."),
            done_url=lambda _result: page_url(complaint),
            stale_url=page_url(complaint),
        )
        if done:
            return done
    return _page(request, _complaint(request, pk), {f"decide-{review_pk}": form})


@require_GET
def reply_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The 答复意见书 as .docx, to whoever sees the complaint (it names no complainant)."""
    complaint = _complaint(request, pk)
    if not complaint.reply:
        raise Http404("no written reply")
    document = reply.reply_document(complaint)
    return download(document.content, filename=document.filename, content_type=reply.CONTENT_TYPE)
