"""Task detail page, the acceptance signer list and evidence downloads.

The forms behind each action live in task_actions.py; shared helpers in task_support.py.
"""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from duban.core import selectors as core_selectors
from duban.core.web.refusals import found
from duban.rectification import selectors
from duban.rectification.views.task_support import detail_context, load_task

logger = logging.getLogger(__name__)


@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = load_task(request, pk)
    return render(request, "rectification/task_detail.html", detail_context(request, task))


@require_GET
def acceptance_signers(request: HttpRequest, pk: int) -> HttpResponse:
    """<option>s for the people of the chosen acceptance unit (htmx swaps them in)."""
    load_task(request, pk)
    unit = request.GET.get("acceptance_unit", "")
    people = core_selectors.person_list(user=request.user)
    people = people.filter(organization_id=int(unit)) if unit.isdigit() else people.none()
    return render(request, "rectification/task_signer_options.html", {"people": people})


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """The stored bytes of an evidence file of a task the user sees, always as a download."""
    attachment = found(lambda: selectors.attachment_get(user=request.user, pk=pk))
    try:
        stored = attachment.file.open("rb")
    except OSError as error:
        logger.error("attachment %s: stored file %s is missing", pk, attachment.file.name)
        raise Http404("file missing") from error
    return FileResponse(
        stored,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
