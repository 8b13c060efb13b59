"""Asking for the workbook export or the progress report: background jobs (core.jobs), so a
national export never holds a request for seconds."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext

from duban.core.jobs.services import job_request
from duban.core.models import Job
from duban.inspections.models import Plan
from duban.reports.tasks import progress_report_job, workbook_export_job

WORKBOOK_EXPORT_JOB = "reports.workbook_export"
PROGRESS_REPORT_JOB = "reports.progress_report"


def workbook_export_request(*, actor: Any, plan: Plan | None) -> Job:
    """Queue the workbook of one plan the actor sees (read through plan_for), or of all."""
    label = (
        gettext("Workbook of %(plan)s (.xlsx)") % {"plan": plan.code}
        if plan
        else gettext("Workbook of everything I can see (.xlsx)")
    )
    return job_request(
        actor=actor,
        kind=WORKBOOK_EXPORT_JOB,
        label=label,
        params={"plan": plan.code if plan else ""},
        task=workbook_export_job,
    )


def progress_report_request(*, actor: Any, plan: Plan, day: date | None) -> Job:
    """Queue the progress report of a plan the actor sees, for the period containing `day`."""
    return job_request(
        actor=actor,
        kind=PROGRESS_REPORT_JOB,
        label=gettext("Progress report of %(plan)s (.docx)") % {"plan": plan.code},
        params={"plan": plan.code, "period": day.isoformat() if day else ""},
        task=progress_report_job,
    )
