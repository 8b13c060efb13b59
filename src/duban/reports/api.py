"""reports API (ninja router, mounted once in duban.api): the ledger as .xlsx."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from duban.core.web.downloads import download
from duban.reports.ledger_export import CONTENT_TYPE, ledger_workbook
from duban.reports.selectors import plan_for

router = Router(tags=["reports"])


@router.get(
    "/plans/{code}/ledger.xlsx",
    response={200: None, 401: dict, 404: dict},
    summary="The rectification ledger (整改台账) of a plan as .xlsx",
)
def plan_ledger(request: HttpRequest, code: str) -> HttpResponse:
    ledger_file = ledger_workbook(user=request.user, plan=plan_for(user=request.user, code=code))
    return download(ledger_file.content, filename=ledger_file.filename, content_type=CONTENT_TYPE)
