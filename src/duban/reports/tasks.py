"""Background work of reports, made by `duban worker`: the workbook (整改台账) export and the
Word progress report (整改进展情况报告)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext
from django_tasks import task

from duban.core.jobs.runner import Progress, run_job
from duban.core.jobs.services import JobFile, JobOutcome
from duban.core.models import Job
from duban.core.principal import SYSTEM
from duban.reports import progress_report, selectors
from duban.reports.workbook import export


@task()
def workbook_export_job(job_id: str) -> None:
    """Export the workbook a Job asked for (reports.services.workbook_export_request)."""
    run_job(job_id, _export_workbook)


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
