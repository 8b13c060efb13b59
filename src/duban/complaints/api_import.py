"""The complaint API's import operation: a team's daily list, multipart (mounted by
`complaints.api`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import File, Form
from ninja.files import UploadedFile
from pydantic import Field

from duban.complaints.errors import IMPORT_TOO_LARGE
from duban.complaints.importer import RowReason
from duban.complaints.schemas_import import ComplaintImportOut
from duban.complaints.services.importing import complaints_import, import_team_get
from duban.core.api_types import MAX_ID, ApiRouter, InRange, IsoDay, in_field
from duban.core.attachments import Upload
from duban.core.selectors import organization_get
from duban.errors import ApplicationError

router = ApiRouter(tags=["complaints"])
MAX_LIST_BYTES = 10 * 1024 * 1024
FormId = Annotated[int, Field(ge=1, le=MAX_ID)]
FormBatch = Annotated[int | None, Form(None, ge=1, le=999)]
FormDay = Annotated[Annotated[date, IsoDay, InRange] | None, Form(None)]


def _fields(reasons: list[RowReason]) -> dict[str, str]:
    """Each row's reasons by "row N column" ("file" for the file as a whole)."""
    fields: dict[str, str] = {}
    for reason in reasons:
        key = f"row {reason.row} {reason.column}".strip() if reason.row else "file"
        fields[key] = f"{fields[key]}; {reason.reason}" if key in fields else reason.reason
    return fields


@router.post("/complaints/import", response=ComplaintImportOut)
def import_complaints(
    request: HttpRequest,
    file: File[UploadedFile],
    office: Form[FormId],
    team: Form[FormId | None] = None,
    batch_number: FormBatch = None,
    handed_over_on: FormDay = None,
    dry_run: Form[bool] = False,
):
    """Import a team's daily list (.xlsx) as `office`: all rows or none, idempotent on
    受理编号. A refused list answers 400 with every row's reasons in `fields`, keyed
    "row N column"; a dry run checks and counts, writing nothing."""
    content = file.read(MAX_LIST_BYTES + 1)
    if len(content) > MAX_LIST_BYTES:
        raise ApplicationError(IMPORT_TOO_LARGE(), fields={"file": IMPORT_TOO_LARGE()})
    result = complaints_import(
        actor=request.user,
        office=in_field("office", lambda: organization_get(user=request.user, pk=office)),
        upload=Upload(name=file.name or "list.xlsx", content=content),
        team=in_field("team", lambda: import_team_get(pk=team)) if team else None,
        batch_number=batch_number,
        handed_over_on=handed_over_on,
        dry_run=dry_run,
    )
    if result.refused:
        message = f"{len(result.reasons)} reasons: nothing was imported"
        raise ApplicationError(
            message, code="complaint_import_refused", fields=_fields(result.reasons)
        )
    return result
