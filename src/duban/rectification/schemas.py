"""API shapes of rectification: tasks, reports, close-out, extensions, statistics, inbox.

The bounded input types every app's endpoints share are in duban.core.api_types.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, StrictBool, StrictInt

from duban.core.api_types import (
    MAX_LIST_ITEMS,
    Day,
    Id,
    Ids,
    LongText,
    OptionalDay,
    ShortText,
    Storable,
)
from duban.core.schemas import AttachmentOut, OrganizationRef, PersonRef
from duban.rectification.choices import ObjectionChannel, ReopenCause
from duban.rectification.permissions import reason_required
from duban.rectification.selectors import allowed_transitions
from duban.rectification.services.closeout import MAX_PUBLICITY_DAYS
from duban.rectification.services.progress import MAX_CLAIM_VALUE
from duban.rectification.transitions import SPECIAL_ACTIONS, TRANSITIONS, Transition

SIMPLE_ACTIONS = sorted(action for action in TRANSITIONS if action not in SPECIAL_ACTIONS)


class PlanOut(Schema):
    code: str
    title: str
    region: str
    office: int
    cadence: str
    dispatch_starts_on: date
    submitted_on: date | None
    submitted_to: str
    approved_on: date | None
    approved_by: str

    @staticmethod
    def resolve_region(obj: Any) -> str:
        return str(obj.region_id)

    @staticmethod
    def resolve_office(obj: Any) -> int:
        return int(obj.office_id)


class TaskOut(Schema):
    """A row of the task list (also the tasks of a problem)."""

    id: int
    code: str
    number: int
    title: str
    problem: str
    region: str
    region_name: str
    kind: str
    state: str
    lead_unit: OrganizationRef
    co_units: list[OrganizationRef]
    responsible_person: PersonRef
    supervising_leader: PersonRef | None
    assigned_on: date
    deadline: date | None
    percent: int
    schedule_status: str
    warning_level: str
    completed_on: date | None
    closed_on: date | None

    @staticmethod
    def resolve_problem(obj: Any) -> str:
        return str(obj.problem.code)

    @staticmethod
    def resolve_region(obj: Any) -> str:
        return str(obj.problem.region_id)

    @staticmethod
    def resolve_region_name(obj: Any) -> str:
        return str(obj.problem.region.name)

    @staticmethod
    def resolve_co_units(obj: Any) -> list[Any]:
        return list(obj.co_units.all())


class ActionOut(Schema):
    """A move the caller may make now, and where to POST it."""

    action: str
    target_state: str
    needs_reason: bool
    path: str


def action_out(task: Any, transition: Transition) -> ActionOut:
    endpoint = {
        "request_closure": "closure-requests",
        "accept": "acceptance",
        "uphold": "staged-acceptance",
    }.get(transition.action, "transitions")
    return ActionOut(
        action=transition.action,
        target_state=str(transition.target),
        needs_reason=reason_required(task=task, transition=transition),
        path=f"/api/tasks/{task.pk}/{endpoint}",
    )


def task_data(task: Any) -> dict[str, Any]:
    """A task as the problem API shows it (a core.related section of inspections' Problem)."""
    return TaskOut.from_orm(task).model_dump()


class TaskDetailOut(TaskOut):
    """One task with every field, and what the caller may do with it now."""

    problem_title: str
    plan: str | None
    measures: str
    target: str
    acceptance_level: str
    latest_progress: str
    # 公示 is "publicity" in code; the API keeps the keys it was published with (notice_*).
    notice_starts_on: date | None
    notice_ends_on: date | None
    look_back_on: date | None
    reopen_count: int
    allowed_actions: list[ActionOut]

    @staticmethod
    def resolve_problem_title(obj: Any) -> str:
        return str(obj.problem.title)

    @staticmethod
    def resolve_plan(obj: Any) -> str | None:
        return obj.problem.plan.code if obj.problem.plan_id else None

    @staticmethod
    def resolve_notice_starts_on(obj: Any) -> date | None:
        return obj.publicity_starts_on  # type: ignore[no-any-return]

    @staticmethod
    def resolve_notice_ends_on(obj: Any) -> date | None:
        return obj.publicity_ends_on  # type: ignore[no-any-return]

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: Any) -> list[ActionOut]:
        user = context["request"].user
        return [action_out(obj, move) for move in allowed_transitions(user=user, task=obj)]


class TransitionIn(Schema):
    action: Annotated[
        str, Storable, Field(max_length=32, description=f"one of {', '.join(SIMPLE_ACTIONS)}")
    ]
    reason: ShortText = ""


class ClaimIn(Schema):
    metric: Annotated[str, Storable, Field(min_length=1, max_length=100)]
    unit: Annotated[str, Storable, Field(max_length=20)]
    value: Annotated[
        Decimal,
        Field(
            max_digits=16,
            decimal_places=4,
            ge=-MAX_CLAIM_VALUE,
            le=MAX_CLAIM_VALUE,
            description='a JSON number or a decimal string such as "42.3"',
        ),
    ]
    is_cumulative: StrictBool = True
    explanation: ShortText = ""


class ReportIn(Schema):
    narrative: LongText
    percent: Annotated[StrictInt, Field(ge=0, le=100)]
    period_day: OptionalDay = Field(None, description="a day in the period reported on; today")
    claims: Annotated[list[ClaimIn], Field(max_length=MAX_LIST_ITEMS)] = []
    attachments: Ids = []


class ClaimOut(Schema):
    id: int
    metric: str
    unit: str
    value: Decimal
    is_cumulative: bool
    version: int
    explanation: str


class ReportOut(Schema):
    id: int
    task: int
    period_start: date
    period_end: date
    version: int
    narrative: str
    percent: int
    is_late: bool
    submitted_by: str
    submitted_at: datetime
    claims: list[ClaimOut]
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_task(obj: Any) -> int:
        return int(obj.task_id)

    @staticmethod
    def resolve_submitted_by(obj: Any) -> str:
        return str(obj.submitted_by.get_username())

    @staticmethod
    def resolve_claims(obj: Any) -> list[Any]:
        return list(obj.claims.all())

    @staticmethod
    def resolve_attachments(obj: Any) -> list[Any]:
        return list(obj.attachments.all())


class ClosureRequestIn(Schema):
    summary: LongText
    evidence: Ids


class CloseOutOut(Schema):
    id: int
    task: int
    summary: str
    evidence: list[AttachmentOut]
    requested_by: str
    requested_at: datetime

    @staticmethod
    def resolve_task(obj: Any) -> int:
        return int(obj.task_id)

    @staticmethod
    def resolve_evidence(obj: Any) -> list[Any]:
        return list(obj.evidence.all())

    @staticmethod
    def resolve_requested_by(obj: Any) -> str:
        return str(obj.requested_by.get_username())


class ClosureTestIn(Schema):
    passed: StrictBool
    comment: ShortText = ""


class AcceptanceIn(Schema):
    acceptance_unit: Id
    signer: Id
    tests: Annotated[
        dict[Annotated[str, Storable, Field(max_length=40)], ClosureTestIn],
        Field(max_length=10, description="the five closure tests, e.g. measures_done"),
    ]
    # The published key for the 公示 period (publicity_days in code); api.py maps it.
    # Working days; left out, the configured length (rectification.rules).
    notice_days: Annotated[StrictInt, Field(ge=1, le=MAX_PUBLICITY_DAYS)] | None = None
    # What the acceptance rests on: a site check of the task, or why documents suffice.
    site_check: Id | None = None
    document_check_reason: ShortText = ""


class StagedAcceptanceIn(Schema):
    """Staged acceptance (阶段性验收) of a completed ongoing task: never a close-out."""

    acceptance_unit: Id
    signer: Id
    summary: LongText
    site_check: Id | None = None
    document_check_reason: ShortText = ""


class ExtensionIn(Schema):
    new_deadline: Day
    reason: ShortText


class ExtensionDecisionIn(Schema):
    approve: StrictBool
    note: ShortText = ""


class ExtensionOut(Schema):
    id: int
    task: int
    old_deadline: date
    new_deadline: date
    reason: str
    state: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str

    @staticmethod
    def resolve_task(obj: Any) -> int:
        return int(obj.task_id)

    @staticmethod
    def resolve_requested_by(obj: Any) -> str:
        return str(obj.requested_by.get_username())

    @staticmethod
    def resolve_decided_by(obj: Any) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by_id else None


class LookBackIn(Schema):
    findings: LongText
    relapsed: StrictBool
    cause: ReopenCause = ReopenCause.LOOK_BACK


class LookBackOut(Schema):
    id: int
    task: int
    checked_on: date
    findings: str
    relapsed: bool

    @staticmethod
    def resolve_task(obj: Any) -> int:
        return int(obj.task_id)


class ObjectionIn(Schema):
    received_on: Day
    channel: ObjectionChannel
    content: LongText
    objector: Annotated[str, Storable, Field(max_length=64)] = ""


class ObjectionAnswerIn(Schema):
    answer: LongText
    upheld: StrictBool


class ObjectionOut(Schema):
    id: int
    task: int
    received_on: date
    channel: str
    objector: str
    content: str
    recorded_by: str | None
    answer: str
    answered_by: str | None
    answered_at: datetime | None
    upheld: bool | None

    @staticmethod
    def resolve_task(obj: Any) -> int:
        return int(obj.task_id)

    @staticmethod
    def resolve_recorded_by(obj: Any) -> str | None:
        return obj.recorded_by.get_username() if obj.recorded_by_id else None

    @staticmethod
    def resolve_answered_by(obj: Any) -> str | None:
        return obj.answered_by.get_username() if obj.answered_by_id else None


class FilingOut(Schema):
    id: int
    task: int
    task_code: str
    filed_with: OrganizationRef
    filed_on: date
    review_ends_on: date
    state: str
    decided_by: str | None
    decided_at: datetime | None
    reason: str

    @staticmethod
    def resolve_task(obj: Any) -> int:
        return int(obj.task_id)

    @staticmethod
    def resolve_task_code(obj: Any) -> str:
        return str(obj.task.code)

    @staticmethod
    def resolve_decided_by(obj: Any) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by_id else None


class FilingRejectIn(Schema):
    reason: LongText


class SummaryOut(Schema):
    problems: int
    completed: int
    closed: int
    upheld: int = 0  # completed, 阶段性完成、长期坚持: ongoing tasks upheld, never closed
    on_schedule: int
    behind: int
    overdue: int
    completion_rate: float
    closure_rate: float
    sentence: str
    # The published sentences, one per problem source (only /stats/summary fills them).
    sentences: list[str] = []


class SummaryRowOut(Schema):
    key: str
    label: str
    summary: SummaryOut

    @staticmethod
    def resolve_summary(obj: Any) -> dict[str, Any]:
        return dict(obj.summary.as_dict())


class NotificationOut(Schema):
    id: int
    level: str
    message: str
    task: int | None
    task_code: str | None
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_task(obj: Any) -> int | None:
        return obj.task_id

    @staticmethod
    def resolve_task_code(obj: Any) -> str | None:
        return obj.task.code if obj.task_id else None


class InboxOut(Schema):
    unread: int
    notifications: list[NotificationOut]
    task_count: int
    tasks: list[TaskOut]
