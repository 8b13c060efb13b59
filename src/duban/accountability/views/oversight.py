"""Pages over problems: back-tracing (who was responsible on a day), the dossier download,
the commission's political-supervision overview (政治监督台账) and accountability statistics."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from duban.accountability import selectors, services, statistics
from duban.accountability.backtrace import missed_notices, responsibility_as_of
from duban.accountability.dossier.data import event_rows
from duban.accountability.dossier.pdf import FontMissing
from duban.accountability.forms import ResponsibilityDateForm
from duban.accountability.views.listings import LEDGER
from duban.accountability.views.support import supervisors_only
from duban.core import clock
from duban.core.replica import reads_from_replica
from duban.core.web.lists import list_response
from duban.core.web.params import get_text
from duban.core.web.refusals import found
from duban.errors import ApplicationError
from duban.inspections.choices import ScheduleStatus
from duban.inspections.models import Problem
from duban.rectification.choices import TaskState
from duban.supervision.choices import NoticeLevel

FIELD_LABELS = {
    "lead_unit": _("Lead unit"),
    "responsible_person": _("Responsible person"),
    "supervising_leader": _("Supervising leader"),
}


def _problem(request: HttpRequest, code: str) -> Problem:
    return found(lambda: selectors.backtrace_problem_get(user=request.user, code=code))


@require_GET
def responsibility(request: HttpRequest, code: str) -> HttpResponse:
    """问题倒查: responsibility as of a day, the chain of events up to it, missed deadlines."""
    problem = _problem(request, code)
    form = ResponsibilityDateForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    at = (form.cleaned_data.get("at") if form.is_bound and valid else None) or clock.today()
    tasks = responsibility_as_of(problem, at)
    events = selectors.problem_events_for(user=request.user, problem=problem, until=at)
    context = {
        "problem": problem,
        "form": form,
        "at": at,
        "tasks": tasks,
        "changes": sorted(
            ({**change, "task": item.code} for item in tasks for change in item.changes),
            key=lambda change: change["seq"],
        ),
        "events": event_rows(events),
        "missed_tasks": [item for item in tasks if item.missed_deadline],
        "missed_notices": missed_notices(problem, at),
        "state_labels": dict(TaskState.choices),
        "field_labels": FIELD_LABELS,
        "can_open_case": selectors.problems_supervised(request.user).filter(pk=problem.pk).exists(),
    }
    status = 200 if valid else 400
    return render(request, "accountability/responsibility.html", context, status=status)


@require_POST
def dossier_request(request: HttpRequest, code: str) -> HttpResponse:
    """Ask for the dossier (一案一档) as .docx (default) or .pdf (format=pdf): it is made in
    the background; the job's page shows its progress, then the download."""
    problem = _problem(request, code)
    try:
        job = services.dossier_request(
            actor=request.user, problem=problem, file_format=request.POST.get("format", "docx")
        )
    except FontMissing as error:
        messages.error(request, error.message)
        return redirect(reverse("problem-responsibility", args=[problem.code]))
    except ApplicationError as error:
        raise Http404(error.message) from error
    return redirect(reverse("job-detail", args=[job.pk]))


@require_GET
@supervisors_only
def supervision_overview(request: HttpRequest) -> HttpResponse:
    """政治监督台账: the supervised problems with status, notices, investigations and cases."""
    query = get_text(request, "q", max_length=100)
    problems = selectors.supervision_overview(user=request.user, query=query)
    return list_response(
        request,
        LEDGER,
        problems,
        "accountability/overview.html",
        {"query": query, "schedule_labels": dict(ScheduleStatus.choices)},
        per_page=lambda page: {"rows": [(problem, _notice_counts(problem)) for problem in page]},
    )


def _notice_counts(problem: Problem) -> list[tuple[Any, int]]:
    """The problem's notices by level, each with its level's name (a phone card's label)."""
    return [(label, getattr(problem, f"notices_{value}")) for value, label in NoticeLevel.choices]


@require_GET
@supervisors_only
@reads_from_replica
def statistics_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accountability/statistics.html",
        {"stats": statistics.statistics_for(user=request.user)},
    )
