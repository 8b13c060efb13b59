"""Asking for the workbook export or import, or the progress report: background jobs
(core.jobs), so a national export or import never holds a request for seconds."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from duban.core.files import atomic_write
from duban.core.jobs.services import job_request
from duban.core.models import Job
from duban.errors import NotPermitted
from duban.inspections.models import Plan
from duban.reports import selectors
from duban.reports.tasks import progress_report_job, workbook_export_job, workbook_import_job

WORKBOOK_EXPORT_JOB = "reports.workbook_export"
WORKBOOK_IMPORT_JOB = "reports.workbook_import"
UPLOADS_DIR = "jobs/uploads"
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


def workbook_import_request(
    *, actor: Any, content: bytes, plan: Plan | None, dry_run: bool = False
) -> Job:
    """Keep the uploaded workbook (whole, core.files.atomic_write) and queue its import, as
    the actor, into `plan` (a plan they see) or the file's own plans. Raises NotPermitted when
    the actor may not import at all, before anything is stored."""
    if not selectors.can_import_workbook(user=actor):
        raise NotPermitted(
            "only reviewers or administrators of a rectification office may import the ledger"
        )
    # The upload stays beside the job it belongs to: a re-run after a killed worker reads it.
    upload = f"{UPLOADS_DIR}/{uuid.uuid4().hex}.xlsx"
    target = Path(settings.MEDIA_ROOT) / upload
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, content)
    label = gettext("Workbook check (dry run)") if dry_run else gettext("Workbook import")
    return job_request(
        actor=actor,
        kind=WORKBOOK_IMPORT_JOB,
        label=label,
        params={"upload": upload, "plan": plan.code if plan else "", "dry_run": dry_run},
        task=workbook_import_job,
    )
