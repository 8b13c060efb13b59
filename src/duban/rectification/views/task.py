"""Task detail page and the acceptance signer list.

The forms behind each action live in task_actions.py; shared helpers in task_support.py.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from duban.core import selectors as core_selectors
from duban.rectification.views.task_support import detail_context, load_task


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
