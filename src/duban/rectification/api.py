"""Rectification endpoints: plans, tasks and their moves, progress reports, close-out,
extensions, look-backs, statistics and the inbox (evidence uploads are core's).

Every operation parses, calls a selector or a service, and shapes the answer; services refuse
what the caller may not do (403), selectors hide what the caller may not see (404).
"""

from typing import Any

from django.http import HttpRequest
from ninja import Status
from ninja.pagination import paginate

from duban.core import selectors as core_selectors
from duban.core.api_types import (
    ApiRouter,
    Pagination,
    PlanCode,
    QueryId,
    RegionCode,
    SearchText,
    in_field,
)
from duban.core.replica import reads_from_replica
from duban.inspections.choices import ScheduleStatus
from duban.inspections.selectors import plan_list
from duban.rectification import selectors, services, statistics
from duban.rectification.choices import FilingState, TaskState, WarningLevel
from duban.rectification.schemas import (
    AcceptanceIn,
    CloseOutOut,
    ClosureRequestIn,
    ExtensionDecisionIn,
    ExtensionIn,
    ExtensionOut,
    FilingOut,
    FilingRejectIn,
    InboxOut,
    LookBackIn,
    LookBackOut,
    ObjectionAnswerIn,
    ObjectionIn,
    ObjectionOut,
    PlanOut,
    ReportIn,
    ReportOut,
    StagedAcceptanceIn,
    SummaryOut,
    SummaryRowOut,
    TaskDetailOut,
    TaskOut,
    TransitionIn,
)
from duban.rectification.services.notifications import notifications_mark_read

router = ApiRouter()


# Plans and tasks


@router.get("/plans", response=list[PlanOut], tags=["plans"])
@paginate(Pagination)
def list_plans(request: HttpRequest):
    """Rectification plans of the caller's regions, or with tasks the caller sees."""
    return plan_list(user=request.user)


@router.get("/tasks", response=list[TaskOut], tags=["tasks"])
@paginate(Pagination)
def list_tasks(
    request: HttpRequest,
    q: SearchText = "",
    plan: PlanCode = None,
    state: TaskState | None = None,
    schedule_status: ScheduleStatus | None = None,
    warning_level: WarningLevel | None = None,
    lead_unit: QueryId = None,
    region: RegionCode = None,
):
    """The task list (problem, task and responsibility lists are views of it)."""
    filters = selectors.TaskFilter(
        query=q,
        plan=plan,
        state=state,
        schedule_status=schedule_status,
        warning_level=warning_level,
        lead_unit=lead_unit,
        region=region,
    )
    return selectors.task_list(user=request.user, filters=filters)


@router.get("/tasks/{int:task_id}", response=TaskDetailOut, tags=["tasks"])
def get_task(request: HttpRequest, task_id: int):
    """One task with every field and `allowed_actions`: the moves the caller may make now."""
    return selectors.task_get(user=request.user, pk=task_id)


@router.post(
    "/tasks/{int:task_id}/transitions",
    response=TaskDetailOut,
    tags=["tasks"],
)
def transition_task(request: HttpRequest, task_id: int, payload: TransitionIn):
    """Make a simple move; `return` and `reopen` need a reason. 409 when the task is no longer
    in a state the move starts from (someone else moved it first)."""
    task = services.task_transition(
        actor=request.user, task_id=task_id, action=payload.action, reason=payload.reason
    )
    return selectors.task_get(user=request.user, pk=task.pk)


# Progress reports and evidence


@router.get(
    "/tasks/{int:task_id}/reports",
    response=list[ReportOut],
    tags=["reports"],
)
@paginate(Pagination)
def list_reports(request: HttpRequest, task_id: int):
    """Every version of every progress report of the task, newest period first."""
    task = selectors.task_get(user=request.user, pk=task_id)
    return selectors.report_list(user=request.user, task=task)


@router.post(
    "/tasks/{int:task_id}/reports",
    response={201: ReportOut},
    tags=["reports"],
)
def submit_report(request: HttpRequest, task_id: int, payload: ReportIn):
    """File the report of the period containing `period_day`; a second one is a new version."""
    attachments = core_selectors.attachments_citable(
        user=request.user, ids=payload.attachments, field="attachments"
    )
    report = services.report_submit(
        actor=request.user,
        task_id=task_id,
        narrative=payload.narrative,
        percent=payload.percent,
        period_day=payload.period_day,
        claims=[services.ClaimInput(**claim.model_dump()) for claim in payload.claims],
        attachments=attachments,
    )
    return Status(201, report)


# Close-out


@router.post(
    "/tasks/{int:task_id}/closure-requests",
    response={201: CloseOutOut},
    tags=["close-out"],
)
def request_closure(request: HttpRequest, task_id: int, payload: ClosureRequestIn):
    """Ask for close-out of a completed task, with at least one evidence file."""
    evidence = core_selectors.attachments_citable(
        user=request.user, ids=payload.evidence, field="evidence"
    )
    closeout = services.closure_request(
        actor=request.user, task_id=task_id, summary=payload.summary, evidence=evidence
    )
    return Status(201, closeout)


@router.post(
    "/tasks/{int:task_id}/acceptance",
    response=TaskDetailOut,
    tags=["close-out"],
)
def record_acceptance(request: HttpRequest, task_id: int, payload: AcceptanceIn):
    """Record acceptance by a named signer of an independent acceptance unit of the task's
    level, resting on a site check of the task or a reason why documents suffice. All five
    tests met: public notice (公示) for `notice_days`; any test not met: back to the unit."""
    user = request.user
    unit, signer = _acceptor(user, payload.acceptance_unit, payload.signer)
    task = services.acceptance_record(
        actor=user,
        task_id=task_id,
        acceptance_unit=unit,
        signer=signer,
        tests={key: answer.model_dump() for key, answer in payload.tests.items()},
        publicity_days=payload.notice_days,  # the API's key for the 公示 period
        site_check_id=payload.site_check,
        document_check_reason=payload.document_check_reason,
    )
    return selectors.task_get(user=user, pk=task.pk)


def _acceptor(user: Any, unit_id: int, signer_id: int) -> tuple[Any, Any]:
    unit = in_field(
        "acceptance_unit", lambda: core_selectors.organization_get(user=user, pk=unit_id)
    )
    signer = in_field("signer", lambda: core_selectors.person_get(user=user, pk=signer_id))
    return unit, signer


@router.post(
    "/tasks/{int:task_id}/staged-acceptance",
    response=TaskDetailOut,
    tags=["close-out"],
)
def record_staged_acceptance(request: HttpRequest, task_id: int, payload: StagedAcceptanceIn):
    """Staged acceptance (阶段性验收) of a completed ongoing task, with the same independence,
    level and basis rules as acceptance: 阶段性完成、长期坚持, never counted as closed."""
    user = request.user
    unit, signer = _acceptor(user, payload.acceptance_unit, payload.signer)
    task = services.staged_acceptance_record(
        actor=user,
        task_id=task_id,
        acceptance_unit=unit,
        signer=signer,
        summary=payload.summary,
        site_check_id=payload.site_check,
        document_check_reason=payload.document_check_reason,
    )
    return selectors.task_get(user=user, pk=task.pk)


# Extensions and look-backs


@router.post(
    "/tasks/{int:task_id}/extensions",
    response={201: ExtensionOut},
    tags=["extensions"],
)
def request_extension(request: HttpRequest, task_id: int, payload: ExtensionIn):
    """Ask to move the deadline; nothing changes until a reviewer approves."""
    extension = services.extension_request(
        actor=request.user,
        task_id=task_id,
        new_deadline=payload.new_deadline,
        reason=payload.reason,
    )
    return Status(201, extension)


@router.post(
    "/extensions/{int:extension_id}/decision",
    response=ExtensionOut,
    tags=["extensions"],
)
def decide_extension(request: HttpRequest, extension_id: int, payload: ExtensionDecisionIn):
    """Approve (the deadline moves) or reject (a note is required) a pending request."""
    extension = selectors.extension_get(user=request.user, pk=extension_id)
    return services.extension_decide(
        actor=request.user, extension_id=extension.pk, approve=payload.approve, note=payload.note
    )


@router.post(
    "/tasks/{int:task_id}/look-backs",
    response={201: LookBackOut},
    tags=["close-out"],
)
def record_look_back(request: HttpRequest, task_id: int, payload: LookBackIn):
    """Record a look-back on a publicized, closed or upheld task; a relapse reopens it."""
    look_back = services.lookback_record(
        actor=request.user,
        task_id=task_id,
        findings=payload.findings,
        relapsed=payload.relapsed,
        cause=payload.cause,
    )
    return Status(201, look_back)


# The public notice's objections (异议) and filings with the office above (备案销号)


@router.get(
    "/tasks/{int:task_id}/objections",
    response=list[ObjectionOut],
    tags=["close-out"],
)
def list_objections(request: HttpRequest, task_id: int):
    """The objections to a visible task's public notices, oldest first."""
    task = selectors.task_get(user=request.user, pk=task_id)
    return selectors.objection_list(user=request.user, task=task)


@router.post(
    "/tasks/{int:task_id}/objections",
    response={201: ObjectionOut},
    tags=["close-out"],
)
def record_objection(request: HttpRequest, task_id: int, payload: ObjectionIn):
    """Record an objection received during the public notice; it holds closure until answered."""
    objection = services.objection_record(
        actor=request.user,
        task_id=task_id,
        received_on=payload.received_on,
        channel=payload.channel,
        content=payload.content,
        objector=payload.objector,
    )
    return Status(201, objection)


@router.post(
    "/objections/{int:objection_id}/answer",
    response=ObjectionOut,
    tags=["close-out"],
)
def answer_objection(request: HttpRequest, objection_id: int, payload: ObjectionAnswerIn):
    """Answer an open objection in writing; upheld, the task goes back to the unit."""
    return services.objection_answer(
        actor=request.user, objection_id=objection_id, answer=payload.answer, upheld=payload.upheld
    )


@router.get("/filings", response=list[FilingOut], tags=["close-out"])
@paginate(Pagination)
def list_filings(request: HttpRequest, state: FilingState | None = None):
    """Close-outs filed with the caller's offices, and the filings of tasks the caller sees."""
    return selectors.filing_list(user=request.user, state=state)


@router.post(
    "/filings/{int:filing_id}/rejection",
    response=FilingOut,
    tags=["close-out"],
)
def reject_filing(request: HttpRequest, filing_id: int, payload: FilingRejectIn):
    """The office above rejects a filing within its period (a reason is required); the task
    is reopened."""
    return services.filing_reject(actor=request.user, filing_id=filing_id, reason=payload.reason)


# Statistics


@router.get("/stats/summary", response=SummaryOut, tags=["statistics"])
@reads_from_replica
def stats_summary(
    request: HttpRequest, plan: PlanCode = None, region: RegionCode = None, unit: QueryId = None
):
    """Problems: completed (closed among them), on schedule, behind — the published form."""
    user = request.user
    if unit is not None:
        in_field("unit", lambda: core_selectors.organization_get(user=user, pk=unit))
    return statistics.summary_published(user=user, plan=plan, region=region, unit=unit)


@router.get(
    "/stats/by-region",
    response=list[SummaryRowOut],
    tags=["statistics"],
)
@reads_from_replica
def stats_by_region(request: HttpRequest, plan: PlanCode = None):
    """One row per city."""
    return statistics.summary_by_region(user=request.user, plan=plan)


@router.get("/stats/by-unit", response=list[SummaryRowOut], tags=["statistics"])
@reads_from_replica
def stats_by_unit(request: HttpRequest, plan: PlanCode = None):
    """One row per lead unit: the problems in which it leads at least one task."""
    return statistics.summary_by_unit(user=request.user, plan=plan)


@router.get("/stats/by-plan", response=list[SummaryRowOut], tags=["statistics"])
@reads_from_replica
def stats_by_plan(request: HttpRequest):
    """One row per rectification plan."""
    return statistics.summary_by_plan(user=request.user)


# Inbox


@router.get("/inbox", response=InboxOut, tags=["inbox"])
def inbox(request: HttpRequest):
    """The caller's 50 newest notifications and 50 most urgent open tasks, with totals."""
    return selectors.inbox_get(user=request.user)


@router.post(
    "/notifications/{int:notification_id}/read",
    response={204: None},
    tags=["inbox"],
)
def read_notification(request: HttpRequest, notification_id: int):
    """Mark one of the caller's notifications read (again: no change)."""
    notification = selectors.notification_get(user=request.user, pk=notification_id)
    notifications_mark_read(actor=request.user, ids=[notification.pk])
    return Status(204, None)
