"""Asking for a problem's dossier (一案一档): a background job, not seconds in a request."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from duban.accountability.dossier.files import FORMATS
from duban.accountability.dossier.pdf import cjk_font
from duban.accountability.tasks import dossier_job
from duban.core.jobs.services import job_request
from duban.core.models import Job
from duban.errors import ApplicationError
from duban.inspections.models import Problem

DOSSIER_JOB = "accountability.dossier"


def dossier_request(*, actor: Any, problem: Problem, file_format: str = "docx") -> Job:
    """Queue the dossier of a problem the actor may back-trace (the caller has read it
    through backtrace_problem_get). Raises ApplicationError for an unknown format and
    FontMissing for PDF on a server without a CJK font, before anything is queued."""
    if file_format not in FORMATS:
        raise ApplicationError(
            "unknown dossier format", code="invalid_format", fields={"format": "docx or pdf"}
        )
    if file_format == "pdf":
        cjk_font()
    return job_request(
        actor=actor,
        kind=DOSSIER_JOB,
        label=gettext("Dossier of %(code)s (%(format)s)")
        % {"code": problem.code, "format": file_format.upper()},
        params={"code": problem.code, "format": file_format},
        task=dossier_job,
    )
