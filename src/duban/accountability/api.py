"""Accountability endpoints: cases, findings, sanctions, statistics, back-tracing, the dossier
and the public results.

Callers without a supervisor role get 403 on the case endpoints; cases, problems, people and
files outside the caller's scope are 404 (naming the input field where one was given). The
public results (/public/accountability) need no login and carry no findings.
"""

from dataclasses import asdict
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Status
from ninja.pagination import paginate

from duban.accountability import selectors, services, statistics
from duban.accountability.backtrace import missed_notices, responsibility_as_of
from duban.accountability.choices import CaseSource, CaseState
from duban.accountability.dossier.data import event_rows
from duban.accountability.dossier.files import FORMATS, dossier
from duban.accountability.schemas import (
    CarriedOutIn,
    CaseDetailOut,
    CaseIn,
    CaseOut,
    FindingIn,
    FindingOut,
    ProblemQuery,
    PublicAccountabilityOut,
    PublicationIn,
    PublicInvestigationOut,
    ResponsibilityOut,
    ReviewDecisionIn,
    ReviewIn,
    ReviewOut,
    SanctionIn,
    SanctionOut,
    StatisticsOut,
    WithdrawalIn,
)
from duban.core import clock
from duban.core import selectors as core_selectors
from duban.core.api_types import (
    MAX_OFFSET,
    MAX_PAGE_SIZE,
    ApiRouter,
    Pagination,
    QueryDay,
    SearchText,
    file_download,
    in_field,
    responses,
)
from duban.core.replica import reads_from_replica
from duban.core.roles import SUPERVISORS
from duban.core.scope import scope_of
from duban.core.selectors import attachments_citable
from duban.core.web.downloads import download
from duban.errors import NotFound, NotPermitted
from duban.inspections.api import ProblemCode
from duban.supervision.selectors import supervisor_commissions

router = ApiRouter(tags=["accountability"])
PageLimit = Annotated[int, Query(100, ge=1, le=MAX_PAGE_SIZE)]
PageOffset = Annotated[int, Query(0, ge=0, le=MAX_OFFSET)]


def _finding_target(user: Any, payload: FindingIn) -> tuple[Any, Any]:
    """The person and the organization a finding names, looked up within the caller's scope."""
    person_id, organization_id = payload.person, payload.organization
    person = (
        in_field("person", lambda: core_selectors.person_get(user=user, pk=person_id))
        if person_id is not None
        else None
    )
    organization = (
        in_field(
            "organization",
            lambda: core_selectors.organization_get(user=user, pk=organization_id),
        )
        if organization_id is not None
        else None
    )
    return person, organization


def _require_supervisor(request: HttpRequest) -> None:
    if not scope_of(request.user).holds_anywhere(SUPERVISORS):
        raise NotPermitted("accountability is for discipline commission supervisors")


@router.get("/accountability/cases", response=list[CaseOut])
@paginate(Pagination)
def list_cases(
    request: HttpRequest,
    q: SearchText = "",
    state: CaseState | None = None,
    source: CaseSource | None = None,
    problem: ProblemQuery = None,
):
    """Cases of the caller's commissions and of the regions they supervise."""
    _require_supervisor(request)
    filters = selectors.CaseFilter(query=q, state=state, source=source, problem=problem)
    return selectors.case_list(user=request.user, filters=filters)


@router.post("/accountability/cases", response={201: CaseDetailOut})
def open_case(request: HttpRequest, payload: CaseIn):
    """Open a case in one of the caller's commissions about problems the caller supervises;
    `signal` (confirmed) or `investigation` name where it comes from."""
    user = request.user
    _require_supervisor(request)
    commission = supervisor_commissions(user).filter(pk=payload.commission).first()
    if commission is None:
        raise NotFound("commission not found", fields={"commission": "not one of yours"})
    case = services.case_open(
        actor=user,
        commission=commission,
        title=payload.title,
        problems=selectors.problems_for_case(user=user, codes=payload.problems),
        source=payload.source,
        summary=payload.summary,
        signal=selectors.signal_for_case(user=user, pk=payload.signal) if payload.signal else None,
        investigation=selectors.investigation_for_case(user=user, pk=payload.investigation)
        if payload.investigation
        else None,
    )
    return Status(201, selectors.case_get(user=user, pk=case.pk))


@router.get("/accountability/cases/{int:case_id}", response=CaseDetailOut)
def get_case(request: HttpRequest, case_id: int):
    """One case with its problems, findings (with evidence files) and sanctions."""
    return selectors.case_get(user=request.user, pk=case_id)


@router.post(
    "/accountability/cases/{int:case_id}/findings",
    response={201: FindingOut},
)
def record_finding(request: HttpRequest, case_id: int, payload: FindingIn):
    """Record who bore which responsibility: a person or an organization, with evidence files
    (ids from POST /api/attachments) and/or the ledger events relied on."""
    user = request.user
    case = selectors.case_get(user=user, pk=case_id)
    person, organization = _finding_target(user, payload)
    finding = services.finding_record(
        actor=user,
        case_id=case.pk,
        responsibility=payload.responsibility,
        facts=payload.facts,
        person=person,
        organization=organization,
        evidence=attachments_citable(user=user, ids=payload.evidence, field="evidence"),
        event_seqs=payload.event_seqs,
    )
    return Status(201, finding)


@router.post(
    "/accountability/findings/{int:finding_id}/withdrawal",
    response=FindingOut,
)
def withdraw_finding(request: HttpRequest, finding_id: int, payload: WithdrawalIn):
    """Withdraw a finding with a reason; refused while a sanction rests on it."""
    return services.finding_withdraw(
        actor=request.user, finding_id=finding_id, reason=payload.reason
    )


@router.post(
    "/accountability/cases/{int:case_id}/sanctions",
    response={201: SanctionOut},
)
def decide_sanction(request: HttpRequest, case_id: int, payload: SanctionIn):
    """Decide a sanction on a finding of the case; refused when the finding has no evidence."""
    case = selectors.case_get(user=request.user, pk=case_id)
    sanction = services.sanction_decide(
        actor=request.user,
        case_id=case.pk,
        finding_id=payload.finding,
        measure=payload.measure,
        rank=payload.rank or "",
        decided_by=payload.decided_by,
        decided_on=payload.decided_on,
        is_public=payload.is_public,
        months=payload.months,
    )
    return Status(201, selectors.sanction_get(user=request.user, pk=sanction.pk))


@router.post(
    "/accountability/sanctions/{int:sanction_id}/carried-out",
    response=SanctionOut,
)
def carry_out_sanction(request: HttpRequest, sanction_id: int, payload: CarriedOutIn):
    """Record that organizational handling (停职, 调整职务, 免职 …) was carried out."""
    sanction = selectors.sanction_get(user=request.user, pk=sanction_id)
    services.sanction_carried_out(actor=request.user, sanction_id=sanction.pk, on=payload.on)
    return selectors.sanction_get(user=request.user, pk=sanction.pk)


@router.get("/accountability/my-sanctions", response=list[SanctionOut])
def my_sanctions(request: HttpRequest):
    """The caller's own sanctions (as the person sanctioned): what they may ask to review."""
    return list(selectors.sanctions_of(request.user).select_related("finding__organization"))


@router.post(
    "/accountability/sanctions/{int:sanction_id}/reviews",
    response={201: ReviewOut},
)
def request_review(request: HttpRequest, sanction_id: int, payload: ReviewIn):
    """Ask for a review (复审, then 复核) of one's own sanction, within one month."""
    review = services.review_request(
        actor=request.user, sanction_id=sanction_id, kind=payload.kind, grounds=payload.grounds
    )
    return Status(201, review)


@router.post(
    "/accountability/reviews/{int:review_id}/decision",
    response=ReviewOut,
)
def decide_review(request: HttpRequest, review_id: int, payload: ReviewDecisionIn):
    """The commission decides a review: upheld, changed (to `measure`) or revoked."""
    return services.review_decide(
        actor=request.user,
        review_id=review_id,
        outcome=payload.outcome,
        answer=payload.answer,
        measure=payload.measure or "",
        months=payload.months,
    )


@router.post(
    "/accountability/investigations/{int:investigation_id}/publication",
    response=PublicInvestigationOut,
)
def publish_investigation(request: HttpRequest, investigation_id: int, payload: PublicationIn):
    """Publish a concluded direct investigation's results (or withdraw them: is_public false);
    shown by GET /api/public/accountability."""
    return services.investigation_publish(
        actor=request.user,
        investigation_id=investigation_id,
        summary=payload.summary,
        is_public=payload.is_public,
    )


@router.get("/accountability/statistics", response=StatisticsOut)
@reads_from_replica
def accountability_statistics(request: HttpRequest):
    """Sanctions by measure, region, rank and responsibility type; people per problem; and
    the published sentence "N个问题，问责X人，其中党纪政务处分Y人"."""
    _require_supervisor(request)
    return _statistics_payload(statistics.statistics_for(user=request.user))


def _statistics_payload(stats: statistics.Statistics) -> dict[str, Any]:
    return {**asdict(stats), "totals": stats.totals.as_dict()}


@router.get(
    "/problems/{code}/responsibility",
    response=ResponsibilityOut,
    tags=["back-tracing"],
)
def problem_responsibility(request: HttpRequest, code: ProblemCode, at: QueryDay = None):
    """Who was responsible as of the end of `at` (default today), replayed from the ledger,
    with the chain of events up to then and the deadlines missed by then."""
    problem = selectors.backtrace_problem_get(user=request.user, code=code)
    day = at or clock.today()
    tasks = responsibility_as_of(problem, day)
    events = selectors.problem_events_for(user=request.user, problem=problem, until=day)
    changes = [{**change, "task": item.code} for item in tasks for change in item.changes]
    return {
        "problem": problem,
        "at": day,
        "tasks": tasks,
        "changes": sorted(changes, key=lambda change: change["seq"]),
        "events": event_rows(events),
        "missed_tasks": [item.code for item in tasks if item.missed_deadline],
        "missed_notices": missed_notices(problem, day),
    }


@router.get(
    "/problems/{code}/dossier",
    response=responses({200: None}, 503),
    openapi_extra=file_download(*(kind for kind, _ in FORMATS.values())),
    tags=["back-tracing"],
)
def problem_dossier(
    request: HttpRequest, code: ProblemCode, format: Literal["docx", "pdf"] = "docx"
) -> HttpResponse:
    """The dossier (一案一档) as .docx or .pdf: every event of the problem the caller may see,
    with its hash, each person's role and timeline, and how to verify it."""
    problem = selectors.backtrace_problem_get(user=request.user, code=code)
    document = dossier(user=request.user, problem=problem, file_format=format)
    return download(
        document.content, filename=document.filename, content_type=document.content_type
    )


@router.get(
    "/public/accountability",
    auth=None,
    response=PublicAccountabilityOut,
    tags=["public"],
)
def public_accountability(request: HttpRequest, limit: PageLimit = 100, offset: PageOffset = 0):
    """Published accountability results: public-flagged sanctions, without findings, and the
    published results of direct investigations (their summaries, never their findings)."""
    sanctions = selectors.public_sanctions()
    return {
        "totals": statistics.public_statistics().as_dict(),
        "count": sanctions.count(),
        "items": list(sanctions[offset : offset + limit]),
        "investigations": list(selectors.public_investigations()[:MAX_PAGE_SIZE]),
    }
