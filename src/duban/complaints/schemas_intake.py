"""API shapes of the complaint's intake part. No output schema carries the complainant's
identity: a complaint says only whether it is `anonymous` (services.identity reads the rest)."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from duban.complaints.choices import Channel, ComplaintState, Priority, Truth
from duban.complaints.clocks import complaint_clocks
from duban.complaints.identity import Identity
from duban.complaints.permissions import may_dispatch
from duban.core import clock
from duban.core.api_types import Day, Id, Line, OptionalDay, ShortText, Storable
from duban.core.schemas import OrganizationRef

RequiredLine = Annotated[str, Storable, Field(min_length=1, max_length=200)]
RequiredText = Annotated[str, Storable, Field(min_length=1, max_length=20000)]
Number = Annotated[str, Storable, Field(max_length=32, pattern=r"^[0-9A-Za-z-]*$")]
RegionCodeIn = Annotated[str, Field(pattern=r"^[0-9]{6}$", description="e.g. 430212")]


class ComplaintRegionRef(Schema):
    code: str
    name: str


class ComplaintTeamRef(Schema):
    id: int
    name: str


class ComplaintClockOut(Schema):
    """One 信访 clock: due date, the day it was met, and its stage today (soon/due/overdue)."""

    key: str
    label: str
    due_on: date | None
    done_on: date | None
    stage: str | None

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.label)


class ComplaintOut(Schema):
    id: int
    number: str
    received_on: date
    channel: Channel
    channel_display: str
    received_by: OrganizationRef
    team: ComplaintTeamRef | None
    batch_number: int | None
    handed_over_on: date | None
    region: ComplaintRegionRef
    accused_name: str
    address: str
    pollution_types: str
    industry: str
    priority: Priority
    state: ComplaintState
    state_display: str
    handling_unit: OrganizationRef | None
    transferred_on: date | None
    acknowledge_due_on: date | None
    acknowledged_on: date | None
    handle_due_on: date | None
    team_report_due_on: date | None
    team_reported_on: date | None
    truth: Truth | None
    concluded_on: date | None
    repeat_of: str | None
    anonymous: bool
    is_public: bool

    @staticmethod
    def resolve_channel_display(obj: Any) -> str:
        return str(obj.get_channel_display())

    @staticmethod
    def resolve_state_display(obj: Any) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_truth(obj: Any) -> str | None:
        return obj.truth or None

    @staticmethod
    def resolve_repeat_of(obj: Any) -> str | None:
        return obj.repeat_of.number if obj.repeat_of_id else None


class ComplaintDetailOut(ComplaintOut):
    content: str
    accused_organization: OrganizationRef | None
    not_accepted_reason: str
    extended_days: int
    extension_reason: str
    investigation: str
    measures: str
    closure_target: str
    accountability: str
    ordered_to_rectify: int
    cases_filed: int
    fines_wan_yuan: Decimal
    criminal_cases: int
    administrative_detentions: int
    criminal_detentions: int
    talks: int
    held_accountable: int
    reply: str
    replied_on: date | None
    followed_up_on: date | None
    satisfaction: str
    problem: str | None
    clocks: list[ComplaintClockOut]
    allowed_actions: list[str]

    @staticmethod
    def resolve_problem(obj: Any) -> str | None:
        return obj.problem.code if obj.problem_id else None

    @staticmethod
    def resolve_clocks(obj: Any) -> list[Any]:
        return complaint_clocks(obj, clock.today())

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: Any) -> list[str]:
        user = context["request"].user
        transferable = obj.state in (ComplaintState.REGISTERED, ComplaintState.TRANSFERRED)
        return ["transfer"] if transferable and may_dispatch(user, obj) else []


class IdentityIn(Schema):
    """The complainant, sealed on saving; never answered back."""

    name: Annotated[str, Storable, Field(max_length=100)] = ""
    phone: Annotated[str, Storable, Field(max_length=32)] = ""
    address: Annotated[str, Storable, Field(max_length=300)] = ""
    id_number: Annotated[str, Storable, Field(max_length=32)] = ""
    email: Annotated[str, Storable, Field(max_length=254)] = ""

    def identity(self) -> Identity:
        return Identity(
            name=self.name,
            phone=self.phone,
            address=self.address,
            id_number=self.id_number,
            email=self.email,
        )


class ComplaintIn(Schema):
    office: Id = Field(description="the receiving office (one where you are a reviewer)")
    number: Number = Field("", description="受理编号; empty: duban numbers it")
    received_on: Day
    channel: Channel
    region: RegionCodeIn
    accused_name: RequiredLine
    content: RequiredText
    address: Annotated[str, Storable, Field(max_length=300)] = ""
    pollution_types: Line = ""
    industry: Annotated[str, Storable, Field(max_length=100)] = ""
    priority: Priority = Priority.NORMAL
    team: Id | None = None
    batch_number: int | None = Field(None, ge=1, le=999)
    handed_over_on: OptionalDay = None
    accused_organization: Id | None = None
    is_public: bool = True
    identity: IdentityIn | None = None


class TransferIn(Schema):
    unit: Id
    note: ShortText = ""
