"""A job's page: its progress while it runs (htmx polls the fragment), then its result."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from duban.core.jobs.results import result_template
from duban.core.jobs.selectors import job_get
from duban.core.models import Job
from duban.core.web.refusals import found

logger = logging.getLogger(__name__)


def _context(job: Job) -> dict[str, Any]:
    return {"job": job, "result_template": result_template(job.kind)}


@require_GET
def job_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """The job the user asked for: what it is, how far it got, the download when done."""
    job = found(lambda: job_get(user=request.user, pk=pk))
    return render(request, "core/job_detail.html", _context(job))


@require_GET
def job_progress(request: HttpRequest, pk: str) -> HttpResponse:
    """The progress fragment the job page polls; it stops polling once the job is finished."""
    job = found(lambda: job_get(user=request.user, pk=pk))
    return render(request, "core/_job_progress.html", _context(job))


@require_GET
def job_download(request: HttpRequest, pk: str) -> FileResponse:
    """The file a finished job made, under the name it was made with."""
    job = found(lambda: job_get(user=request.user, pk=pk))
    if not job.result_file:
        raise Http404("no file")
    try:
        stored = (Path(settings.MEDIA_ROOT) / job.result_file).open("rb")
    except OSError as error:
        logger.error("job %s: result file %s is missing", job.pk, job.result_file)
        raise Http404("file missing") from error
    return FileResponse(
        stored, as_attachment=True, filename=job.result_name, content_type=job.result_type
    )
