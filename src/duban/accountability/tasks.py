"""Background work of accountability: the dossier (一案一档), made by `duban worker`."""

from __future__ import annotations

from django.utils.translation import gettext
from django_tasks import task

from duban.accountability.dossier.files import dossier
from duban.accountability.selectors import backtrace_problem_get
from duban.core.jobs.runner import Progress, run_job
from duban.core.jobs.services import JobFile, JobOutcome
from duban.core.models import Job
from duban.core.principal import SYSTEM


@task()
def dossier_job(job_id: str) -> None:
    """Make the dossier a Job asked for (accountability.services.dossier_request)."""
    run_job(job_id, _make_dossier)


def _make_dossier(job: Job, progress: Progress) -> JobOutcome:
    # What the requester may see today, not what they saw when they asked.
    user = job.requested_by or SYSTEM
    progress(10, gettext("Reading the problem's records"))
    problem = backtrace_problem_get(user=user, code=job.params["code"])
    progress(30, gettext("Writing the document"))
    document = dossier(user=user, problem=problem, file_format=job.params["format"])
    progress(90, gettext("Saving the file"))
    return JobOutcome(file=JobFile(document.content, document.filename, document.content_type))
