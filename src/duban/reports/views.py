"""The workbook page (整改台账): export per plan, upload (reviewers), the Word progress report.

Uploads are handled synchronously in the request (see docs/workbook.md for the limit).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.core.replica import reads_from_replica
from duban.core.web.downloads import download
from duban.core.web.refusals import found
from duban.errors import NotPermitted
from duban.inspections.models import Plan
from duban.rectification import statistics
from duban.reports import progress_report, selectors
from duban.reports.forms import ReportPeriodForm, WorkbookUploadForm
from duban.reports.workbook import export
from duban.reports.workbook.importer import ImportResult, workbook_import


def _plan(request: HttpRequest, code: str) -> Plan:
    return found(lambda: selectors.plan_for(user=request.user, code=code))


def workbook(request: HttpRequest) -> HttpResponse:
    """GET: plans with export and report buttons; POST: import an uploaded workbook."""
    plans = selectors.plans_for(user=request.user)
    may_import = selectors.can_import_workbook(user=request.user)
    if request.method == "POST" and not may_import:
        raise PermissionDenied
    form = WorkbookUploadForm(request.POST or None, request.FILES or None, plans=plans)
    result: ImportResult | None = None
    if request.method == "POST" and form.is_valid():
        try:
            result = workbook_import(
                actor=request.user,
                content=form.cleaned_data["file"],
                plan=form.cleaned_data["plan"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except NotPermitted as error:
            raise PermissionDenied(error.message) from error
    sentences = statistics.sentences_by_plan(user=request.user)
    context = {
        "plans": [(plan, sentences.get(plan.code)) for plan in plans],
        "may_import": may_import,
        "form": form if may_import else None,
        "result": result,
    }
    refused = request.method == "POST" and (result is None or result.refused)
    return render(request, "reports/workbook.html", context, status=400 if refused else 200)


@reads_from_replica
def workbook_download(request: HttpRequest) -> HttpResponse:
    """The workbook as .xlsx: of one plan (?plan=CODE) or of everything the user sees."""
    code = request.GET.get("plan", "")
    plan = _plan(request, code) if code else None
    workbook_file = export.workbook_export(user=request.user, plan=plan)
    return download(
        workbook_file.content,
        filename=workbook_file.filename,
        content_type=export.CONTENT_TYPE,
    )


@reads_from_replica
def progress_report_download(request: HttpRequest, code: str) -> HttpResponse:
    """整改进展情况报告 (.docx) for the period containing ?period=YYYY-MM-DD (default today)."""
    plan = _plan(request, code)
    form = ReportPeriodForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    report = progress_report.progress_report(
        user=request.user, plan=plan, day=form.cleaned_data["period"]
    )
    return download(
        report.content, filename=report.filename, content_type=progress_report.CONTENT_TYPE
    )
