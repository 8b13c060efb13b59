"""The complaint pages' intake part: the list, the complaint's page (its facts, clocks and
timeline, the other parts' panels, the transfer form) and staff entry.

The complainant's identity is on none of them: entry seals it (services.intake) and the
identity part's panel is the one place that may read it (services.identity)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from duban.complaints import selectors
from duban.complaints.choices import Channel, ComplaintState, Truth
from duban.complaints.clocks import complaint_clocks
from duban.complaints.forms import ComplaintForm, TransferForm, complaint_filter
from duban.complaints.models import Complaint, ComplaintReview
from duban.complaints.permissions import may_dispatch
from duban.complaints.services.intake import complaint_register
from duban.complaints.services.transfer import complaint_transfer
from duban.complaints.views import handling, identity, repeats, tables
from duban.core import clock
from duban.core import selectors as core_selectors
from duban.core.dashboard import todo_narrow
from duban.core.pickers import region_path, render_picker
from duban.core.web import refusals
from duban.core.web.lists import Column, Listing, in_choice_order, list_response
from duban.core.web.params import GET_POST, posted
from duban.core.web.refusals import found

SUBJECT = Complaint._meta.label_lower
TRANSFERABLE = (ComplaintState.REGISTERED, ComplaintState.TRANSFERRED)

COMPLAINTS = Listing(
    gettext_lazy("Complaints"),
    (
        Column("number", gettext_lazy("acceptance number"), lambda c: c.number, ("number",)),
        Column(
            "received_on",
            gettext_lazy("received on"),
            lambda c: c.received_on,
            ("received_on",),
            width=12,
        ),
        Column("region", gettext_lazy("region"), lambda c: c.region.name, ("region_id",)),
        Column(
            "accused",
            gettext_lazy("person or firm complained about"),
            lambda c: c.accused_name,
            width=30,
        ),
        Column("channel", gettext_lazy("channel"), lambda c: c.get_channel_display()),
        Column(
            "handling_unit",
            gettext_lazy("handling unit"),
            lambda c: c.handling_unit.name if c.handling_unit else "",
            width=24,
        ),
        Column(
            "handle_due_on",
            gettext_lazy("handle by"),
            lambda c: c.handle_due_on,
            ("handle_due_on",),
            width=12,
        ),
        Column("truth", gettext_lazy("true?"), lambda c: c.get_truth_display()),
        Column(
            "state",
            gettext_lazy("state"),
            lambda c: c.get_state_display(),
            (in_choice_order("state", ComplaintState),),
        ),
    ),
)


def forbidden(request: HttpRequest, message: Any = None) -> HttpResponse:
    return refusals.forbidden(
        request,
        message or gettext_lazy("You may not do this with this complaint."),
        back_url=reverse("complaint-list"),
        back_label=gettext_lazy("Back to the complaints"),
    )


perform = refusals.FormRefusals(forbidden=forbidden).perform


def _detail_url(complaint: Complaint) -> str:
    return reverse("complaint-detail", args=[complaint.pk])


@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    filters = complaint_filter(request)
    rows, todo = todo_narrow(request, selectors.complaint_list(user=request.user, filters=filters))
    return list_response(
        request,
        COMPLAINTS,
        rows,
        "complaints/list.html",
        {
            "todo": todo,
            "filters": filters,
            "states": ComplaintState.choices,
            "channels": Channel.choices,
            "truths": Truth.choices,
            "overdue_clocks": _overdue_choices(),
            "teams": selectors.complaint_teams(user=request.user),
            "region_picker": _region_picker(filters.region),
            "may_register": selectors.receiving_offices(user=request.user).exists(),
            "today": clock.today(),
        },
    )


def _region_picker(code: str | None) -> str:
    """Too many regions for a select: search them by name (the filter keeps the code)."""
    rows = core_selectors.region_list().select_related("parent__parent")
    region = rows.filter(code=code).first() if code else None
    label = region_path(region) if region else code or ""
    return render_picker("pick-regions", "region", code, label, **{"aria-label": gettext("Region")})


def _overdue_choices() -> list[tuple[str, str]]:
    return [
        ("any", gettext("Any clock")),
        ("transfer", gettext("Transfer")),
        ("acknowledge", gettext("Acknowledge receipt")),
        ("handle", gettext("Handle")),
        ("team_report", gettext("Report to the team")),
    ]


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    return found(lambda: selectors.complaint_get(user=request.user, pk=pk))


def _units(request: HttpRequest) -> Any:
    return core_selectors.organization_list(user=request.user)


def _detail_page(
    request: HttpRequest,
    complaint: Complaint,
    *,
    transfer_form: TransferForm | None = None,
    status: int = 200,
) -> HttpResponse:
    reviews = ComplaintReview.objects.filter(complaint=complaint).select_related("reviewer")
    complaint = (
        Complaint.objects.select_related(
            "received_by",
            "handling_unit",
            "region",
            "team",
            "problem",
            "repeat_of",
            "accused_organization",
        )
        .prefetch_related(Prefetch("reviews", queryset=reviews), "accused_people")
        .get(pk=complaint.pk)
    )
    may_transfer = complaint.state in TRANSFERABLE and may_dispatch(request.user, complaint)
    context: dict[str, Any] = {
        "complaint": complaint,
        "clocks": complaint_clocks(complaint, clock.today()),
        "events": core_selectors.event_list_for(
            user=request.user, subject_type=SUBJECT, subject_id=str(complaint.pk)
        ),
        "may_transfer": may_transfer,
        "transfer_form": transfer_form
        or (TransferForm(units=_units(request)) if may_transfer else None),
    }
    for part in (handling, identity, repeats, tables):
        context.update(part.panel(request, complaint))
    return render(request, "complaints/detail.html", context, status=status)


@require_GET
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _complaint(request, pk))


@require_POST
def complaint_transfer_page(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    form = TransferForm(request.POST, units=_units(request))
    if form.is_valid():
        done = perform(
            request,
            lambda: complaint_transfer(
                actor=request.user,
                pk=complaint.pk,
                unit=form.cleaned_data["unit"],
                note=form.cleaned_data["note"],
            ),
            form=form,
            success=gettext("Complaint transferred."),
            done_url=_detail_url,
            stale_url=_detail_url(complaint),
        )
        if done:
            return done
    if not may_dispatch(request.user, complaint):
        return forbidden(request)
    return _detail_page(request, complaint, transfer_form=form, status=400)


@require_http_methods(GET_POST)
def complaint_new(request: HttpRequest) -> HttpResponse:
    """Staff entry: one complaint received by one of the user's offices."""
    offices = selectors.receiving_offices(user=request.user)
    if not offices.exists():
        return forbidden(
            request, gettext_lazy("Only a receiving office's reviewers register complaints.")
        )
    form = ComplaintForm(posted(request), offices=offices, organizations=_units(request))
    if form.is_bound and form.is_valid():
        done = perform(
            request,
            lambda: complaint_register(
                actor=request.user, office=form.cleaned_data["office"], data=form.complaint_in()
            ),
            form=form,
            success=lambda complaint: (
                gettext("Complaint %(number)s registered.") % {"number": complaint.number}
            ),
            done_url=_detail_url,
        )
        if done:
            return done
    return render(
        request, "complaints/form.html", {"form": form}, status=400 if form.is_bound else 200
    )
