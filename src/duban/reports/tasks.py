"""Background work of reports, run by `duban worker`: the workbook (整改台账) export and
import, and the Word progress report (整改进展情况报告)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext
from django_tasks import task

from duban.core.jobs.runner import Progress, run_job
from duban.core.jobs.services import JobFile, JobOutcome
from duban.core.models import Job
from duban.core.principal import SYSTEM
from duban.reports import progress_report, selectors
from duban.reports.workbook import export
from duban.reports.workbook.importer import ImportResult, workbook_import


@task()
def workbook_export_job(job_id: str) -> None:
    """Export the workbook a Job asked for (reports.services.workbook_export_request)."""
    run_job(job_id, _export_workbook)


@task()
def workbook_import_job(job_id: str) -> None:
    """Import the workbook a Job uploaded (reports.services.workbook_import_request). The
    import and the job's completion commit together: a worker killed half-way leaves
    neither, and the next one imports the file once."""
    run_job(job_id, _import_workbook, atomic=True)


@task()
def progress_report_job(job_id: str) -> None:
    """Write the progress report a Job asked for (reports.services.progress_report_request)."""
    run_job(job_id, _write_progress_report)


def _export_workbook(job: Job, progress: Progress) -> JobOutcome:
    # What the requester may see when it runs, not when they asked.
    user = job.requested_by or SYSTEM
    code = job.params.get("plan", "")
    plan = selectors.plan_for(user=user, code=code) if code else None
    progress(10, gettext("Reading the problems and tasks"))
    workbook = export.workbook_export(user=user, plan=plan)
    progress(90, gettext("Saving the file"))
    return JobOutcome(file=JobFile(workbook.content, workbook.filename, export.CONTENT_TYPE))


def _write_progress_report(job: Job, progress: Progress) -> JobOutcome:
    user = job.requested_by or SYSTEM
    plan = selectors.plan_for(user=user, code=job.params["plan"])
    day = date.fromisoformat(job.params["period"]) if job.params.get("period") else None
    progress(10, gettext("Writing the document"))
    report = progress_report.progress_report(user=user, plan=plan, day=day)
    progress(90, gettext("Saving the file"))
    return JobOutcome(file=JobFile(report.content, report.filename, progress_report.CONTENT_TYPE))


def _import_workbook(job: Job, progress: Progress) -> JobOutcome:
    user = job.requested_by or SYSTEM
    code = job.params.get("plan", "")
    plan = selectors.plan_for(user=user, code=code) if code else None
    content = (Path(settings.MEDIA_ROOT) / job.params["upload"]).read_bytes()
    shown = [-1]

    def rows_done(stage: str, done: int, total: int) -> None:
        percent = 90 * done // max(total, 1)
        if percent >= shown[0] + 5:  # one write per five percent, not per row
            shown[0] = percent
            progress(percent, stage)

    result = workbook_import(
        actor=user, content=content, plan=plan, dry_run=job.params["dry_run"], progress=rows_done
    )
    return JobOutcome(summary=result.summary(), details=import_details(result))


def import_details(result: ImportResult) -> dict[str, Any]:
    """What the import's job page shows (reports/_import_result.html), as JSON."""
    return {
        "summary": result.summary(),
        "dry_run": result.dry_run,
        "refused": result.refused,
        "errors": [{"row": e.row, "column": e.column, "reason": e.reason} for e in result.errors],
        "ignored": [str(ignored) for ignored in result.ignored],
        "changes": [
            {
                "row": change.row,
                "code": change.code,
                "action": change.action,
                "new_problem": change.new_problem is not None,
                "changes": [list(triple) for triple in change.changes],
            }
            for change in result.changes
        ],
    }
