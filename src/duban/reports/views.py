"""The ledger page: export per plan, upload (reviewers), and the Word progress report.

Uploads are handled synchronously in the request (see docs/ledger-excel.md for the limit).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.core.web.downloads import download
from duban.core.web.refusals import found
from duban.errors import NotPermitted
from duban.inspections.models import Plan
from duban.rectification import statistics
from duban.reports import ledger_export, progress_report, selectors
from duban.reports.forms import LedgerUploadForm, ReportPeriodForm
from duban.reports.ledger_import import ImportResult, ledger_import


def _plan(request: HttpRequest, code: str) -> Plan:
    return found(lambda: selectors.plan_for(user=request.user, code=code))


def ledger(request: HttpRequest) -> HttpResponse:
    """GET: plans with export and report buttons; POST: import an uploaded ledger."""
    plans = selectors.plans_for(user=request.user)
    may_import = selectors.can_import_ledger(user=request.user)
    if request.method == "POST" and not may_import:
        raise PermissionDenied
    form = LedgerUploadForm(request.POST or None, request.FILES or None, plans=plans)
    result: ImportResult | None = None
    if request.method == "POST" and form.is_valid():
        try:
            result = ledger_import(
                actor=request.user,
                content=form.cleaned_data["file"],
                plan=form.cleaned_data["plan"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except NotPermitted as error:
            raise PermissionDenied(error.message) from error
    summaries = {row.key: row.summary for row in statistics.summary_by_plan(user=request.user)}
    context = {
        "plans": [(plan, summaries.get(plan.code)) for plan in plans],
        "may_import": may_import,
        "form": form if may_import else None,
        "result": result,
    }
    refused = request.method == "POST" and (result is None or result.refused)
    return render(request, "reports/ledger.html", context, status=400 if refused else 200)


def ledger_download(request: HttpRequest) -> HttpResponse:
    """The ledger as .xlsx: of one plan (?plan=CODE) or of everything the user sees."""
    code = request.GET.get("plan", "")
    plan = _plan(request, code) if code else None
    ledger_file = ledger_export.ledger_workbook(user=request.user, plan=plan)
    return download(
        ledger_file.content,
        filename=ledger_file.filename,
        content_type=ledger_export.CONTENT_TYPE,
    )


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
