"""API shapes of supervision: notices (督办单) and direct investigations (直查直办).

Inputs reuse the shared bounded types (storable text with a maximum length, 64-bit ids).
"""

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Query, Schema
from pydantic import Field

from duban.core.api_types import MAX_ID, Id, Ids, OptionalDay, OptionalMoment, ShortText, Storable
from duban.core.schemas import AttachmentOut, OrganizationRef, PersonRef
from duban.supervision.choices import InvestigationState, NoticeLevel, NoticeState
from duban.supervision.permissions import NoticeTerms, can_investigate, notice_actions

RequiredIds = Annotated[list[Id], Field(min_length=1, max_length=50)]
RequiredText = Annotated[str, Storable, Field(min_length=1, max_length=20000)]
ProblemCodeIn = Annotated[str, Storable, Field(min_length=1, max_length=32)]
OptionalId = Annotated[int | None, Query(None, ge=1, le=MAX_ID)]
ProblemCodeQuery = Annotated[str, Storable, Query("", max_length=32)]


class NoticeTaskRef(Schema):
    """A task a notice presses, with what it is pressed about: its deadline and state."""

    id: int
    code: str
    title: str
    deadline: date | None
    state: str
    schedule_status: str


class NoticeRef(Schema):
    id: int
    number: str
    level: str


class NoticeOut(Schema):
    id: int
    number: str
    level: NoticeLevel
    level_display: str
    state: NoticeState
    state_display: str
    issuer: OrganizationRef
    target: OrganizationRef
    tasks: list[NoticeTaskRef]
    demands: str
    issued_on: date
    due_on: date
    responded_on: date | None
    closed_on: date | None
    escalated_from: NoticeRef | None
    escalations: list[NoticeRef]
    issued_by_rule: bool
    time_limit_months: int | None
    is_public: bool
    talk_at: datetime | None
    talk_place: str
    talk_attendees: str

    @staticmethod
    def resolve_level_display(obj: Any) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_state_display(obj: Any) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_tasks(obj: Any) -> list[Any]:
        return list(obj.tasks.all())

    @staticmethod
    def resolve_escalations(obj: Any) -> list[Any]:
        return list(obj.escalations.all())

    @staticmethod
    def resolve_issued_by_rule(obj: Any) -> bool:
        return bool(obj.rule_key)


class NoticeDetailOut(NoticeOut):
    response: str
    response_evidence: list[AttachmentOut]
    closing_note: str
    allowed_actions: list[str]

    @staticmethod
    def resolve_response_evidence(obj: Any) -> list[Any]:
        return list(obj.response_evidence.all())

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: Any) -> list[str]:
        actions = notice_actions(actor=context["request"].user, notice=obj)
        return [
            name
            for name, allowed in (("response", actions.can_respond), ("closure", actions.can_close))
            if allowed
        ]


class NoticeIn(Schema):
    issuer: Id
    target: Id
    tasks: RequiredIds
    level: NoticeLevel
    demands: RequiredText
    due_on: OptionalDay = Field(None, description="required, except for listed supervision")
    time_limit_months: int | None = Field(
        None, ge=1, le=12, description="listed supervision: its time limit, 1–12 months"
    )
    talk_at: OptionalMoment = Field(None, description="admonitory talk: when")
    talk_place: ShortText = Field("", description="admonitory talk: where")
    talk_attendees: ShortText = Field("", description="admonitory talk: who attends")

    def terms(self) -> NoticeTerms:
        return NoticeTerms(
            time_limit_months=self.time_limit_months,
            talk_at=self.talk_at,
            talk_place=self.talk_place,
            talk_attendees=self.talk_attendees,
        )


class NoticeResponseIn(Schema):
    response: RequiredText
    evidence: Ids = []


class NoticeClosureIn(Schema):
    note: ShortText = ""


class InvestigationOut(Schema):
    """An investigation as its commission's supervisors see it (nobody else sees it at all)."""

    id: int
    problem: str
    problem_title: str
    commission: OrganizationRef
    team: list[PersonRef]
    plan: str
    findings: str
    outcome: str
    state: InvestigationState
    state_display: str
    opened_on: date
    concluded_on: date | None
    allowed_actions: list[str]

    @staticmethod
    def resolve_problem(obj: Any) -> str:
        return str(obj.problem.code)

    @staticmethod
    def resolve_problem_title(obj: Any) -> str:
        return str(obj.problem.title)

    @staticmethod
    def resolve_team(obj: Any) -> list[Any]:
        return list(obj.team.all())

    @staticmethod
    def resolve_state_display(obj: Any) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: Any) -> list[str]:
        user = context["request"].user
        return ["findings", "conclusion"] if can_investigate(actor=user, investigation=obj) else []


class InvestigationIn(Schema):
    problem: ProblemCodeIn
    commission: Id
    team: RequiredIds
    plan: RequiredText


class FindingsIn(Schema):
    findings: RequiredText


class ConclusionIn(Schema):
    outcome: RequiredText
