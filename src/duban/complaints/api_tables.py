"""The complaint API's tables operations (mounted by `complaints.api`): the batches the caller
sees and the daily public table (一览表) of one batch or all of a team's, as .xlsx or .docx."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse

from duban.complaints import documents
from duban.complaints.schemas_tables import BatchQuery, TableBatchOut
from duban.core.api_types import ApiRouter, file_download
from duban.core.web.downloads import download

router = ApiRouter(tags=["complaints"])


@router.get("/complaints/tables", response=list[TableBatchOut])
def table_batches(request: HttpRequest) -> list[documents.Batch]:
    """The inspection teams' batches of public complaints the caller sees, newest first."""
    return documents.table_batches(request.user)


@router.get(
    "/complaints/tables/{int:team_id}/file",
    response={200: None},
    openapi_extra=file_download(*documents.FORMATS.values()),
)
def table_file(
    request: HttpRequest,
    team_id: int,
    batch: BatchQuery = None,
    format: Literal["xlsx", "docx"] = "xlsx",
) -> HttpResponse:
    """转办和边督边改公开情况一览表 of one batch (`batch`) or of every batch of the team, with
    the totals: the public complaints the caller sees (404 when there is none)."""
    table = documents.table_for(user=request.user, team_id=team_id, batch_number=batch)
    result = documents.table_file(table, format)
    return download(result.content, filename=result.filename, content_type=result.content_type)
