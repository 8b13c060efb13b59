"""Task detail page and the acceptance signer list.

The forms behind each action live in task_actions.py; shared helpers in task_support.py.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from duban.rectification import selectors
from duban.rectification.views.task_support import detail_context, load_task


@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = load_task(request, pk)
    return render(request, "rectification/task_detail.html", detail_context(request, task))


@require_GET
def acceptance_signers(request: HttpRequest, pk: int) -> HttpResponse:
    """<option>s for the people of the chosen acceptance unit who may sign (htmx swaps them in)."""
    task = load_task(request, pk)
    unit = request.GET.get("acceptance_unit", "")
    people = selectors.acceptance_signer_choices(
        task=task, unit_id=int(unit) if unit.isdigit() else None
    )
    return render(request, "rectification/task_signer_options.html", {"people": people})
