"""Supervision endpoints: notices (督办单) — issue, answer, close, print — and direct
investigations (直查直办) — open, record findings, conclude.

Every operation parses, calls a selector or a service, and shapes the answer. Selectors hide
what the caller may not see (404), services refuse what the caller may not do (403).
Investigations exist only for supervisors of discipline commissions: others get 403 on the
list and 404 on any one of them.
"""

from django.http import HttpRequest, HttpResponse
from ninja import Status
from ninja.pagination import paginate

from duban.core.api_types import ApiRouter, Pagination, QueryId, file_download
from duban.core.selectors import attachments_citable
from duban.core.web.downloads import download
from duban.errors import NotFound, NotPermitted
from duban.inspections import selectors as problem_selectors
from duban.supervision import documents, selectors, services
from duban.supervision.choices import InvestigationState, NoticeLevel, NoticeState
from duban.supervision.schemas import (
    ConclusionIn,
    FindingsIn,
    InvestigationIn,
    InvestigationOut,
    NoticeClosureIn,
    NoticeDetailOut,
    NoticeIn,
    NoticeOut,
    NoticeResponseIn,
    ProblemCodeQuery,
)

router = ApiRouter()


# Notices


@router.get("/notices", response=list[NoticeOut], tags=["notices"])
@paginate(Pagination)
def list_notices(
    request: HttpRequest,
    level: NoticeLevel | None = None,
    state: NoticeState | None = None,
    issuer: QueryId = None,
    target: QueryId = None,
    task: QueryId = None,
):
    """Notices the caller sees: issued by or addressed to their units, or about their tasks."""
    filters = selectors.NoticeFilter(
        level=level, state=state, issuer=issuer, target=target, task=task
    )
    return selectors.notice_list(user=request.user, filters=filters)


@router.post("/notices", response={201: NoticeDetailOut}, tags=["notices"])
def issue_notice(request: HttpRequest, payload: NoticeIn):
    """Issue a notice, numbered by the issuer's pattern for this year, to a lead or co-unit
    of the tasks."""
    user = request.user
    notice = services.notice_issue(
        actor=user,
        issuer=selectors.issuer_get(user=user, pk=payload.issuer),
        target=selectors.target_get(user=user, pk=payload.target),
        tasks=selectors.tasks_get(user=user, ids=payload.tasks),
        level=payload.level,
        demands=payload.demands,
        due_on=payload.due_on,
        terms=payload.terms(),
    )
    return Status(201, selectors.notice_get(user=user, pk=notice.pk))


@router.get(
    "/notices/{int:notice_id}",
    response=NoticeDetailOut,
    tags=["notices"],
)
def get_notice(request: HttpRequest, notice_id: int):
    """One notice with its response, evidence, escalations and what the caller may do now."""
    return selectors.notice_get(user=request.user, pk=notice_id)


@router.post(
    "/notices/{int:notice_id}/response",
    response=NoticeDetailOut,
    tags=["notices"],
)
def respond_to_notice(request: HttpRequest, notice_id: int, payload: NoticeResponseIn):
    """The unit addressed answers, citing evidence uploaded with POST /api/attachments."""
    user = request.user
    selectors.notice_get(user=user, pk=notice_id)
    evidence = attachments_citable(user=user, ids=payload.evidence, field="evidence")
    services.notice_respond(
        actor=user, notice_id=notice_id, response=payload.response, evidence=evidence
    )
    return selectors.notice_get(user=user, pk=notice_id)


@router.post(
    "/notices/{int:notice_id}/closure",
    response=NoticeDetailOut,
    tags=["notices"],
)
def close_notice(request: HttpRequest, notice_id: int, payload: NoticeClosureIn):
    """The issuer concludes an answered notice (409 when it is not answered or already closed)."""
    services.notice_close(actor=request.user, notice_id=notice_id, note=payload.note)
    return selectors.notice_get(user=request.user, pk=notice_id)


@router.get(
    "/notices/{int:notice_id}/docx",
    response={200: None},
    openapi_extra=file_download(documents.CONTENT_TYPE),
    tags=["notices"],
    summary="The printable notice (督办单) as .docx",
)
def notice_docx(request: HttpRequest, notice_id: int) -> HttpResponse:
    document = documents.notice_document(selectors.notice_get(user=request.user, pk=notice_id))
    return download(
        document.content, filename=document.filename, content_type=documents.CONTENT_TYPE
    )


# Direct investigations


def _require_investigator(request: HttpRequest) -> None:
    if not selectors.is_investigator(user=request.user):
        raise NotPermitted("only supervisors of a discipline commission investigate directly")


@router.get(
    "/investigations",
    response=list[InvestigationOut],
    tags=["investigations"],
)
@paginate(Pagination)
def list_investigations(
    request: HttpRequest, state: InvestigationState | None = None, problem: ProblemCodeQuery = ""
):
    """The commission's investigations (and those in its region), newest first."""
    _require_investigator(request)
    return selectors.investigation_list(user=request.user, state=state, problem=problem)


@router.post(
    "/investigations",
    response={201: InvestigationOut},
    tags=["investigations"],
)
def open_investigation(request: HttpRequest, payload: InvestigationIn):
    """A commission takes a problem over; the units see only that it happened."""
    _require_investigator(request)
    user = request.user
    try:
        problem = problem_selectors.problem_get(user=user, code=payload.problem)
    except NotFound as error:
        raise NotFound(error.message, code=error.code, fields={"problem": "unknown"}) from None
    investigation = services.investigation_open(
        actor=user,
        problem=problem,
        commission=selectors.commission_get(user=user, pk=payload.commission),
        team=selectors.team_get(user=user, ids=payload.team),
        plan=payload.plan,
    )
    return Status(201, selectors.investigation_get(user=user, pk=investigation.pk))


@router.get(
    "/investigations/{int:investigation_id}",
    response=InvestigationOut,
    tags=["investigations"],
)
def get_investigation(request: HttpRequest, investigation_id: int):
    """One investigation with its plan, team, findings and outcome (internal)."""
    return selectors.investigation_get(user=request.user, pk=investigation_id)


@router.post(
    "/investigations/{int:investigation_id}/findings",
    response=InvestigationOut,
    tags=["investigations"],
)
def record_findings(request: HttpRequest, investigation_id: int, payload: FindingsIn):
    """Record (replace) the findings; they never reach the problem's timeline."""
    services.investigation_record(
        actor=request.user, investigation_id=investigation_id, findings=payload.findings
    )
    return selectors.investigation_get(user=request.user, pk=investigation_id)


@router.post(
    "/investigations/{int:investigation_id}/conclusion",
    response=InvestigationOut,
    tags=["investigations"],
)
def conclude_investigation(request: HttpRequest, investigation_id: int, payload: ConclusionIn):
    """Conclude with an outcome; the problem's timeline records only that it concluded."""
    services.investigation_conclude(
        actor=request.user, investigation_id=investigation_id, outcome=payload.outcome
    )
    return selectors.investigation_get(user=request.user, pk=investigation_id)
