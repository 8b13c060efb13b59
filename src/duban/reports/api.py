"""reports API (ninja router, mounted once in duban.api): the workbook (整改台账) as .xlsx."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from duban.core.api_types import ApiRouter, file_download
from duban.core.replica import reads_from_replica
from duban.core.web.downloads import download
from duban.reports.selectors import plan_for
from duban.reports.workbook.export import CONTENT_TYPE, workbook_export

router = ApiRouter(tags=["reports"])


@router.get(
    "/plans/{code}/ledger.xlsx",
    response={200: None},
    openapi_extra=file_download(CONTENT_TYPE),
    summary="The rectification workbook (整改台账) of a plan as .xlsx",
    # The path and operationId are the API's contract; they keep the word they were published with.
    operation_id="duban_reports_api_plan_ledger",
)
@reads_from_replica
def plan_workbook(request: HttpRequest, code: str) -> HttpResponse:
    workbook_file = workbook_export(user=request.user, plan=plan_for(user=request.user, code=code))
    return download(
        workbook_file.content, filename=workbook_file.filename, content_type=CONTENT_TYPE
    )
