"""The complaint pages' tables part: the teams' batches the user sees with the daily public
table (一览表) to download, and the panel on a complaint's page linking its batch's table."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from duban.complaints import documents
from duban.complaints.models import Complaint
from duban.core.web.downloads import download
from duban.core.web.params import get_choice, get_int
from duban.core.web.refusals import found


def panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """Context for templates/complaints/_tables.html on the complaint's page."""
    in_table = complaint.is_public and complaint.team_id and complaint.batch_number
    return {
        "table_team_id": complaint.team_id if in_table else None,
        "table_batch": complaint.batch_number if in_table else None,
        "table_public": complaint.is_public,
    }


@require_GET
def table_list(request: HttpRequest) -> HttpResponse:
    """The teams' batches of public complaints the user sees, each with its table."""
    batches = documents.table_batches(request.user)
    teams: dict[int, dict[str, Any]] = {}
    for batch in batches:
        team = teams.setdefault(
            batch.team_id, {"id": batch.team_id, "name": batch.team_name, "batches": []}
        )
        team["batches"].append(batch)
    return render(request, "complaints/tables_list.html", {"teams": list(teams.values())})


@require_GET
def table_download(request: HttpRequest, team_id: int) -> HttpResponse:
    """The table of one batch (?batch=N) or of all the team's batches, as ?format=xlsx|docx."""
    file_format = (
        get_choice(request, "format", documents.FORMATS) if "format" in request.GET else "xlsx"
    )
    batch = get_int(request, "batch")
    if file_format is None or ("batch" in request.GET and batch is None):
        return HttpResponseBadRequest(gettext("Choose a batch number and the format xlsx or docx."))
    table = found(
        lambda: documents.table_for(user=request.user, team_id=team_id, batch_number=batch)
    )
    result = documents.table_file(table, file_format)
    return download(result.content, filename=result.filename, content_type=result.content_type)
