"""The workbook page (整改台账): export per plan, upload (reviewers), the Word progress report.
Exports and reports are background jobs (core.jobs): a button queues one and opens its page.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.core.web.refusals import found
from duban.errors import NotPermitted
from duban.inspections.models import Plan
from duban.rectification import statistics
from duban.reports import selectors, services
from duban.reports.forms import ReportPeriodForm, WorkbookUploadForm


def _plan(request: HttpRequest, code: str) -> Plan:
    return found(lambda: selectors.plan_for(user=request.user, code=code))


def workbook(request: HttpRequest) -> HttpResponse:
    """GET: plans with export and report buttons; POST: queue the import of an uploaded
    workbook (its job's page shows the result) — or show the form's refusal."""
    plans = selectors.plans_for(user=request.user)
    may_import = selectors.can_import_workbook(user=request.user)
    if request.method == "POST" and not may_import:
        raise PermissionDenied
    form = WorkbookUploadForm(request.POST or None, request.FILES or None, plans=plans)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.workbook_import_request(
                actor=request.user,
                content=form.cleaned_data["file"],
                plan=form.cleaned_data["plan"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except NotPermitted as error:
            raise PermissionDenied(error.message) from error
        return redirect(reverse("job-detail", args=[job.pk]))
    sentences = statistics.sentences_by_plan(user=request.user)
    context = {
        "plans": [(plan, sentences.get(plan.code)) for plan in plans],
        "may_import": may_import,
        "form": form if may_import else None,
    }
    return render(request, "reports/workbook.html", context, status=400 if form.errors else 200)


@require_POST
def workbook_export(request: HttpRequest) -> HttpResponse:
    """Queue the workbook as .xlsx, of one plan (plan=CODE) or of everything the user sees;
    the job's page shows its progress, then the download."""
    code = request.POST.get("plan", "")
    plan = _plan(request, code) if code else None
    job = services.workbook_export_request(actor=request.user, plan=plan)
    return redirect(reverse("job-detail", args=[job.pk]))


@require_POST
def progress_report_request(request: HttpRequest, code: str) -> HttpResponse:
    """Queue 整改进展情况报告 (.docx) for the period containing period=YYYY-MM-DD (default
    today); the job's page shows its progress, then the download."""
    plan = _plan(request, code)
    form = ReportPeriodForm(request.POST)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    job = services.progress_report_request(
        actor=request.user, plan=plan, day=form.cleaned_data["period"]
    )
    return redirect(reverse("job-detail", args=[job.pk]))
